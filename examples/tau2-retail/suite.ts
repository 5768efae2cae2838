// The suite as `reins check|eval examples/tau2-retail [--tasks <file>] [--mode solo|conversation]` loads it. τ²'s
// tasks are read here, in τ²'s own format, from --tasks, else REINS_TAU2_TASKS, else
// ../shared/data/tau2-retail/tasks.json; see README.md for every setting.
//
// The CLI's suite loader only reads cases from files in the suite's `datasets`, so the tasks are converted to cases
// in a file under the system's temporary folder (named by the content's hash, written once) and `datasets` points
// there. A core hook letting suite.ts hand over its cases directly would remove this step (see README).

import { createHash } from "node:crypto";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { defineSuite } from "reins";
import { exampleDir } from "./paths.js";
import { optionsFromEnv, type Tau2Parts, tau2Parts } from "./tau2/build-suite.js";

function writeCases(parts: Tau2Parts): string {
  const text = `${JSON.stringify(parts.cases)}\n`;
  const folder = join(tmpdir(), "reins-tau2-retail");
  const file = join(folder, `cases-${createHash("sha256").update(text).digest("hex").slice(0, 16)}.json`);
  mkdirSync(folder, { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, text);
  renameSync(partial, file);
  return file;
}

export const suite = defineSuite({
  options: {
    tasks: {
      kind: "path",
      description: "a τ² tasks file (default REINS_TAU2_TASKS, else the shared data's tasks.json)",
    },
    mode: { kind: "string", description: "solo (default, or REINS_TAU2_MODE) or conversation" },
  },
  define: async ({ tasks, mode }) => {
    const parts = tau2Parts(await optionsFromEnv(process.env, { tasks, mode }));
    return {
      name: "tau2-retail",
      environment: parts.environment,
      datasets: [relative(exampleDir, writeCases(parts))],
      scorers: parts.scorers,
    };
  },
});
