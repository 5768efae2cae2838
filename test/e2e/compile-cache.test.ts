import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { root } from "./cli-harness.js";

// The compile cache outlasts the process: each load here is a fresh `node` importing the built library, as a user's
// script would, with its own temp folder (TMPDIR) so the cache is this test's alone.

let project: string;
let tmp: string;
beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), "reins-cache-project-"));
  tmp = mkdtempSync(join(tmpdir(), "reins-cache-tmp-"));
  writeFileSync(join(project, "package.json"), '{ "name": "a-project", "type": "module" }\n');
  mkdirSync(join(project, "node_modules"));
  symlinkSync(root, join(project, "node_modules", "reins"), "dir");
  symlinkSync(join(root, "node_modules", "zod"), join(project, "node_modules", "zod"), "dir");
  const flow = join(project, "flow");
  mkdirSync(flow);
  const files: Record<string, string> = {
    "flow/charter.yaml": [
      "name: cache-probe",
      "version: 1",
      "trigger: { event: probe }",
      "input: { type: object }",
      "decision:",
      "  options: [done, skipped]",
      "  confidenceThreshold: 0.5",
      "tools:",
      "  allowed: [read_plan]",
      "autonomy: autonomous",
      "instructions: Read the plan.",
      "",
    ].join("\n"),
    "flow/tools.ts": [
      'import { defineTool } from "reins";',
      'import { z } from "zod";',
      'import { label } from "@label";',
      'import settings from "./settings.json";',
      "export const tools = [",
      "  defineTool({",
      '    name: "read_plan",',
      '    purpose: "Reads the plan.",',
      '    effect: "read",',
      "    input: z.object({}),",
      "    output: z.object({ plan: z.string() }),",
      "    idempotent: true,",
      '    safeUse: ["Any time."],',
      '    unsafeUse: ["Never."],',
      "    execute: () => ({ plan: settings.plan }),",
      "  }),",
      "];",
      "export const createEnv = () => ({ plan: settings.plan, label });",
      "",
    ].join("\n"),
    "flow/settings.json": '{ "plan": "free" }\n',
    "flow/label-a.ts": 'export const label = "a";\n',
    "flow/label-b.ts": 'export const label = "b";\n',
    // The alias is defined in the config the workflow's own tsconfig extends.
    "flow/tsconfig.json": '{ "extends": "../tsconfig.base.json" }\n',
    "tsconfig.base.json": '{ "compilerOptions": { "paths": { "@label": ["./flow/label-a.ts"] } } }\n',
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(project, name), text);
});
afterEach(() => {
  rmSync(project, { recursive: true, force: true });
  rmSync(tmp, { recursive: true, force: true });
});

/** `loadWorkflow` of the project's workflow in a fresh process: what its `createEnv()` returns. */
function loadInNewProcess(): unknown {
  const dist = pathToFileURL(join(root, "dist", "index.js")).href;
  const script = [
    `const { loadWorkflow } = await import(${JSON.stringify(dist)});`,
    `const workflow = await loadWorkflow(${JSON.stringify(join(project, "flow", "charter.yaml"))});`,
    "console.log(JSON.stringify(workflow.createEnv()));",
  ].join("\n");
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: project,
    env: { ...process.env, TMPDIR: tmp },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

const cacheFolder = () => join(tmp, `reins-ts-cache-${process.getuid?.() ?? "user"}`);

describe("the compile cache across processes", () => {
  it("sees a changed JSON file that tools.ts imports", () => {
    expect(loadInNewProcess()).toEqual({ plan: "free", label: "a" });
    // Cached now: the next process takes the compiled tools.ts from the cache.
    expect(readdirSync(cacheFolder()).some((name) => name.endsWith(".json"))).toBe(true);
    writeFileSync(join(project, "flow", "settings.json"), '{ "plan": "pro" }\n');
    expect(loadInNewProcess()).toEqual({ plan: "pro", label: "a" });
  });

  it("sees a change to the tsconfig that the workflow's tsconfig extends", () => {
    expect(loadInNewProcess()).toEqual({ plan: "free", label: "a" });
    writeFileSync(
      join(project, "tsconfig.base.json"),
      '{ "compilerOptions": { "paths": { "@label": ["./flow/label-b.ts"] } } }\n',
    );
    expect(loadInNewProcess()).toEqual({ plan: "free", label: "b" });
  });

  it("does not follow a symlink planted as the cache folder, nor delete the week-old files it points to", () => {
    const victim = mkdtempSync(join(tmpdir(), "reins-cache-victim-"));
    try {
      mkdirSync(join(victim, "photos"));
      writeFileSync(join(victim, "photos", "2019.jpg"), "old photo");
      writeFileSync(join(victim, "notes.txt"), "old notes");
      const monthAgo = new Date(Date.now() - 30 * 24 * 3600 * 1000);
      for (const path of [
        join(victim, "photos", "2019.jpg"),
        join(victim, "photos"),
        join(victim, "notes.txt"),
      ])
        utimesSync(path, monthAgo, monthAgo);
      symlinkSync(victim, cacheFolder(), "dir");
      expect(loadInNewProcess()).toEqual({ plan: "free", label: "a" });
      // Untouched: nothing removed, nothing written there.
      expect(readdirSync(victim).sort()).toEqual(["notes.txt", "photos"]);
      expect(existsSync(join(victim, "photos", "2019.jpg"))).toBe(true);
    } finally {
      rmSync(victim, { recursive: true, force: true });
    }
  });
});
