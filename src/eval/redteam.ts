import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stringify } from "yaml";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import type { EvalCase } from "./case.js";
import type { EvalReport } from "./report.js";
import { allCases } from "./run-eval.js";
import type { PerturbationName, Suite } from "./suite.js";

/**
 * Turns a failed trial into a permanent regression case in the suite's `redteam/` folder: the original input and
 * world (and any injected faults), the expected behaviour, the actual behaviour, the root cause and the corrected
 * output. It runs with every evaluation of the suite from then on.
 */
export async function addRedteamCase(options: {
  suite: Suite;
  report: EvalReport;
  caseId: string;
  trial?: number;
  rootCause?: string;
  now?: Date;
}): Promise<{ file: string; redteamCase: EvalCase }> {
  const { suite, report } = options;
  const candidates = report.results.filter(
    (r) => r.caseId === options.caseId && (options.trial === undefined || r.trial === options.trial),
  );
  const result = candidates.find((r) => !r.passed) ?? candidates[0];
  if (!result) {
    throw new UserError({
      code: ErrorCode.Usage,
      message: `caseId: the report has no result for case ${options.caseId}${options.trial ? ` trial ${options.trial}` : ""}`,
      option: "caseId",
    });
  }
  const perturbations = result.perturbation ? [result.perturbation as PerturbationName] : [];
  const original = allCases(suite, perturbations).find((c) => c.id === result.caseId);
  if (!original) {
    throw new UserError({
      code: ErrorCode.Usage,
      message: `caseId: case ${result.caseId} is not in suite ${suite.name} any more`,
      option: "caseId",
    });
  }
  const id = `rt-${original.id.replace(/~/g, "-")}-t${result.trial}`;
  const expect = original.expect;
  const redteamCase: EvalCase = {
    ...original,
    id,
    description:
      `Regression from ${report.suite} (${report.agent}, ${report.startedAt}): ${original.description}`.trim(),
    tags: [...new Set([...original.tags, "redteam"])],
    base: undefined,
    perturbation: undefined,
    redteam: {
      from: `${result.caseId} trial ${result.trial}`,
      trial: result.trial,
      actual: {
        outcome: result.outcome,
        toolCalls: result.toolCalls.map((c) => `${c.toolName} ${c.status}`),
        failures: result.failures.map((f) => `${f.category}: ${f.message}`),
      },
      rootCause:
        options.rootCause ??
        "to be determined in review (prompt, data, missing tool, unclear policy, model limitation)",
      correctedOutput:
        expect.decision !== undefined
          ? { decision: expect.decision, ...expect.fields }
          : expect.escalation
            ? { escalate: expect.escalation.reason ?? "any" }
            : { outcome: expect.outcome ?? "decision" },
      addedAt: (options.now ?? new Date()).toISOString(),
    },
  };
  const dir = join(suite.dir, "redteam");
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${id}.yaml`);
  if (existsSync(file)) {
    throw new UserError({
      code: ErrorCode.Usage,
      message: `${file} already exists: this failure is already in the red-team library`,
      file,
    });
  }
  const { base: _b, perturbation: _p, ...written } = redteamCase;
  await writeFile(
    file,
    `# Red-team regression case: runs with every eval of ${suite.name}.\n${stringify(written)}`,
  );
  return { file, redteamCase };
}
