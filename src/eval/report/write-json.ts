import type { EvalReport } from "../report.js";
import type { TrialResult } from "../trial.js";

/**
 * The JSON report, written piece by piece: the report's fields, then every result of `results` as it comes. The text
 * is what `JSON.stringify(report, null, 2)` gives for the report holding those results (plus a final newline), so
 * that readers see one format; memory holds one result at a time.
 */
export async function writeReportJson(
  report: EvalReport,
  results: AsyncIterable<TrialResult>,
  write: (chunk: string) => void,
): Promise<void> {
  const head = JSON.stringify({ ...report, results: [] }, null, 2);
  const tail = "[]\n}";
  // `results` is the report's last key (see reportKeys): its empty array closes the text.
  if (!head.endsWith(`"results": ${tail}`))
    throw new Error("writeReportJson: `results` must be the report's last key");
  write(head.slice(0, -tail.length));
  write("[");
  let first = true;
  for await (const result of results) {
    write(first ? "\n    " : ",\n    ");
    write(JSON.stringify(result, null, 2).replaceAll("\n", "\n    "));
    first = false;
  }
  write(first ? "]\n}\n" : "\n  ]\n}\n");
}
