// τ²'s headline numbers for a report of this suite:
//   npx tsx examples/tau2-retail/summarize.ts <report.json> [--tasks <τ² tasks.json>]
// (the report is what `reins eval examples/tau2-retail --out <report.json>` writes).
import { readReport } from "reins/report";
import { tau2Summary } from "./tau2/summary.js";
import { loadTau2Tasks, tasksFile } from "./tau2/tasks.js";

const args = process.argv.slice(2);
const at = args.indexOf("--tasks");
const tasksPath = at >= 0 ? args[at + 1] : undefined;
const reportPath = args.find((arg, i) => !arg.startsWith("--") && (at < 0 || i !== at + 1));
if (!reportPath || (at >= 0 && !tasksPath)) {
  console.error("usage: summarize.ts <report.json> [--tasks <τ² tasks.json>]");
  process.exit(2);
}
const summary = tau2Summary(await readReport(reportPath), loadTau2Tasks(tasksPath ?? tasksFile()));
const percent = (x: number) => `${(x * 100).toFixed(1)} %`;
console.log(
  `τ² reward: ${summary.averageReward === null ? "unscored" : percent(summary.averageReward)} over ${summary.scoredTasks} task(s)`,
);
console.log(
  `pass^k: ${
    Object.entries(summary.passHatK)
      .map(([k, v]) => `pass^${k} ${percent(v)}`)
      .join(" · ") || "none"
  }`,
);
if (summary.unscored.length > 0) {
  console.log(
    `unscored: ${summary.unscored.length} task(s) (${summary.unscored[0]?.why}): ${summary.unscored.map((u) => u.taskId).join(", ")}`,
  );
}
