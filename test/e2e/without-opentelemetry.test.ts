import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// `@opentelemetry/api` is an optional peer: the built package runs a gated call in a process where it cannot be
// resolved (a resolution hook makes it absent). Run `npx tsup` first: this runs dist/.
const root = join(import.meta.dirname, "..", "..");
const fixture = join(root, "test", "fixtures", "without-otel");

describe("without @opentelemetry/api", () => {
  it("runs, gates and audits a call without loading it", () => {
    const run = (args: string[]) =>
      JSON.parse(
        execFileSync(process.execPath, [...args, join(fixture, "run.mjs")], {
          cwd: root,
          encoding: "utf8",
          timeout: 60_000,
        }),
      );
    expect(run(["--import", join(fixture, "register.mjs")])).toEqual({
      absent: true,
      status: "completed",
      calls: ["executed"],
      audit: true,
    });
    // The same run with it installed, so that the hook is what made the difference.
    expect(run([])).toMatchObject({ absent: false, status: "completed" });
  });
});
