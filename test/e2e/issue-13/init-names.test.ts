// Issue 13, "every malformed input located": `reins init` with a 300-character name was an internal error
// (ENAMETOOLONG), and `init "$(touch …)"` printed next steps that ran the command when pasted into a shell.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sandbox } from "../cli-harness.js";

describe("reins init names", () => {
  it("refuses a name longer than a charter name may be, as a usage error", () => {
    const s = sandbox();
    const result = s.reins("init", join(s.dir, "a".repeat(300)));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("the folder's name is 300 characters; a charter name has at most 64");
    expect(result.stderr).not.toContain("internal error");
  });

  it("prints next steps a shell reads as one word, whatever the folder is called", () => {
    const s = sandbox();
    const dir = join(s.dir, "$(touch pwned)");
    const result = s.reins("init", dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`reins validate '${dir}'`);
    expect(existsSync(join(dir, "charter.yaml"))).toBe(true);
  });
});
