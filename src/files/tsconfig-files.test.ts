import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tsconfigFiles } from "./tsconfig-files.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "reins-tsconfig-files-"));
  mkdirSync(join(dir, "project", "flow", "lib"), { recursive: true });
  mkdirSync(join(dir, "project", "node_modules", "@shared", "tsconfig"), { recursive: true });
  const files: Record<string, string> = {
    // Comments, trailing commas and `extends` as an array, as tsc accepts them; "//" inside a string is kept.
    "project/flow/tsconfig.json": [
      "{",
      "  // the project's settings",
      '  "extends": ["../tsconfig.base", "@shared/tsconfig/strict.json",],',
      '  /* paths */ "compilerOptions": { "paths": { "x": ["http://not-a-comment"] } },',
      "}",
    ].join("\n"),
    "project/tsconfig.base.json": '{ "extends": "./tsconfig.root.json" }',
    "project/tsconfig.root.json": '{ "extends": "./tsconfig.base.json" }',
    "project/node_modules/@shared/tsconfig/package.json": '{ "name": "@shared/tsconfig" }',
    "project/node_modules/@shared/tsconfig/strict.json": "{}",
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("tsconfigFiles", () => {
  it("lists the nearest config, the absent ones nearer, and every config its extends chain names", () => {
    const project = join(dir, "project");
    expect(tsconfigFiles(join(project, "flow", "lib", "util.ts"))).toEqual([
      join(project, "flow", "lib", "tsconfig.json"),
      join(project, "flow", "lib", "jsconfig.json"),
      join(project, "flow", "tsconfig.json"),
      // `../tsconfig.base` is tried as written, then with `.json`.
      join(project, "tsconfig.base"),
      join(project, "tsconfig.base.json"),
      join(project, "tsconfig.root.json"),
      // The cycle back to tsconfig.base.json ends there.
      join(project, "tsconfig.base.json"),
      join(project, "node_modules", "@shared", "tsconfig", "strict.json"),
    ]);
  });
});
