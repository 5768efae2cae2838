import { dirname } from "node:path";
import { createAuditLog } from "../../audit/audit-log.js";
import type { ShadowReportInput } from "../../autonomy/autonomy-check.js";
import { ErrorCode } from "../../errors/codes.js";
import { UserError } from "../../errors/reins-error.js";
import { readUserFile } from "../../files/read-user-file.js";
import type { ServedWorkflow } from "../../server/server-env.js";
import { parseShadowReportFile } from "../../shadow/read-shadow-report.js";
import type { Store } from "../../store/store.js";
import type { Workflow } from "../../workflow/load-workflow.js";
import { loadWorkflowAt } from "./run.js";

/** `reins serve --workflow` and `--shadow`, read before the store opens: a bad file fails before anything listens. */
export async function readServedInputs(flags: { workflow?: string[]; shadow?: string[] }): Promise<{
  workflows: Workflow[];
  shadowReports: ShadowReportInput[];
}> {
  const workflows: Workflow[] = [];
  for (const target of flags.workflow ?? []) {
    const workflow = await loadWorkflowAt(target);
    const same = workflows.find((w) => w.charter.name === workflow.charter.name);
    if (same !== undefined)
      throw new UserError({
        code: ErrorCode.Usage,
        message: `--workflow ${target} is charter ${workflow.charter.name}, already given by ${same.charterFile}`,
        path: "--workflow",
      });
    workflows.push(workflow);
  }
  const shadowReports: ShadowReportInput[] = [];
  for (const source of flags.shadow ?? []) {
    const text = await readUserFile(source, {
      what: "shadow report",
      hint: "a shadow report is what `reins shadow <workflow> --human <file> --out <report.json>` writes",
    });
    shadowReports.push({ source, report: parseShadowReportFile(text, source) });
  }
  return { workflows, shadowReports };
}

/** The workflows as the server keeps them, each with an audit log redacting as its charter says. */
export function servedWorkflows(store: Store, workflows: readonly Workflow[]): Map<string, ServedWorkflow> {
  return new Map(
    workflows.map((w) => [
      w.charter.name,
      {
        charter: w.charter,
        registry: w.registry,
        dir: dirname(w.charterFile),
        audit: createAuditLog({ store, redact: { fields: [...w.charter.redact] } }),
      },
    ]),
  );
}
