import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../src/server", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe("the server's escaping convention", () => {
  it("never writes unescaped HTML: no raw(), no dangerouslySetInnerHTML, no html`` template", () => {
    const offenders = sources(root).filter((file) =>
      /\braw\(|dangerouslySetInnerHTML|\bhtml`|from "hono\/html"/.test(readFileSync(file, "utf8")),
    );
    expect(offenders).toEqual([]);
  });
});
