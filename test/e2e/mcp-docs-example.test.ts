import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parseCardsFile } from "../../src/mcp/cards-file.js";
import { root, sandbox } from "./cli-harness.js";

// docs/integrations/mcp.md's runnable example: its transcript is what examples/mcp-gate/session.mjs prints.
const page = readFileSync(join(root, "docs/integrations/mcp.md"), "utf8");
const blocks = (lang: string) =>
  [...page.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, "g"))].map((m) => m[1] as string);

/** Ids and paths that differ on every run, as the page writes them. */
const normalize = (text: string) =>
  text
    .replace(/appr_[0-9a-f]{16}/g, "appr_…")
    .replace(/run_[a-z0-9]+_[0-9a-f]{8}/g, "run_…")
    .replace(/manifest \S+/g, "manifest …");

describe("docs/integrations/mcp.md", () => {
  it("the example session prints the transcript the page shows", async () => {
    const s = sandbox();
    const { stdout } = await promisify(execFile)(process.execPath, ["examples/mcp-gate/session.mjs"], {
      cwd: root,
      env: { ...s.env, REINS_STORE: s.store },
      timeout: 120_000,
    });
    const start = page.indexOf("```\ntool search_tickets") + 4;
    const transcript = page.slice(start, page.indexOf("```", start));
    expect(transcript).toMatch(/^tool search_tickets/);
    expect(normalize(stdout)).toBe(transcript);
  });

  it("the cards file on the page is one the proxy reads, and the example's charter and cards are the page's", () => {
    const [cards] = blocks("yaml");
    expect(
      parseCardsFile(cards as string, "docs/integrations/mcp.md").tools.get("close_ticket"),
    ).toMatchObject({
      effect: "action",
      idempotent: true,
      protectedFields: ["resolution"],
    });
    const example = readFileSync(join(root, "examples/mcp-gate/cards.yaml"), "utf8");
    expect(example).toContain((cards as string).split("tools:\n")[1]);
  });
});
