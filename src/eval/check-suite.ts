import { autonomyLevels, type Charter } from "../charter/charter.js";
import { didYouMean } from "../errors/did-you-mean.js";
import type { ValidationIssue } from "../errors/validation-error.js";
import { checkSchemaPath, describeMissingPath } from "../schema/schema-path.js";
import { perturbationNames, type SuiteDefinition, taskClassThresholds } from "./suite.js";
import { scoreCategories } from "./trial.js";

/** The keys `defineSuite` reads; any other is a typo that would silently do nothing. */
const suiteKeys = [
  "name",
  "environment",
  "datasets",
  "thresholds",
  "taskClass",
  "perturbations",
  "textField",
  "scorers",
  "baseline",
  "approvals",
  "autonomy",
  "trialTimeoutMs",
];

/** Options of `checkSuiteDefinition`. */
export interface CheckSuiteOptions {
  definition: SuiteDefinition;
  charter: Charter;
  /** The suite module's path, for the errors. */
  file: string;
  /** Its source text: each problem is located at the key that names it. */
  source: string;
  /** Dataset patterns (as written) that matched no file. */
  emptyDatasets?: readonly string[];
}

/**
 * Checks a suite's options against the suite: known keys, `textField` a path the charter's input can hold,
 * `approvals` / `autonomy` / `taskClass` among their values, `trialTimeoutMs` a positive whole number, thresholds naming real metrics with a value in [0, 1],
 * perturbations known by name, and datasets that match files.
 */
export function checkSuiteDefinition(options: CheckSuiteOptions): ValidationIssue[] {
  const { definition, charter, file, source } = options;
  const issues: ValidationIssue[] = [];
  const add = (keys: readonly string[], path: string, message: string) =>
    issues.push({ ...locateKey(source, keys, file), path, message });
  const oneOf = (value: unknown, allowed: readonly string[]) =>
    typeof value === "string" && allowed.includes(value);

  for (const key of Object.keys(definition)) {
    if (!suiteKeys.includes(key))
      add(
        [key],
        key,
        `is not a suite option${didYouMean(key, suiteKeys)}; the options are ${suiteKeys.join(", ")}`,
      );
  }
  if (definition.textField !== undefined) {
    const check =
      typeof definition.textField === "string" && definition.textField !== ""
        ? checkSchemaPath(charter.input, definition.textField)
        : undefined;
    if (check === undefined) add(["textField"], "textField", "must be a dotted path of the charter's input");
    else if (!check.ok)
      add(
        ["textField"],
        "textField",
        `"${definition.textField}" is not a field of the charter's input: ${describeMissingPath(check)}${didYouMean(check.at, check.known)}`,
      );
  }
  if (definition.approvals !== undefined && !oneOf(definition.approvals, ["approve", "reject"]))
    add(
      ["approvals"],
      "approvals",
      `must be "approve" or "reject", got ${JSON.stringify(definition.approvals)}`,
    );
  if (definition.autonomy !== undefined && !oneOf(definition.autonomy, autonomyLevels))
    add(
      ["autonomy"],
      "autonomy",
      `must be one of ${autonomyLevels.join(", ")}, got ${JSON.stringify(definition.autonomy)}${didYouMean(String(definition.autonomy), autonomyLevels)}`,
    );
  const ms = definition.trialTimeoutMs;
  if (ms !== undefined && !(Number.isInteger(ms) && ms > 0 && ms <= 3_600_000))
    add(
      ["trialTimeoutMs"],
      "trialTimeoutMs",
      `must be a whole number of milliseconds from 1 to 3600000 (one hour), got ${JSON.stringify(ms)}`,
    );
  const classes = Object.keys(taskClassThresholds);
  if (definition.taskClass !== undefined && !oneOf(definition.taskClass, classes))
    add(
      ["taskClass"],
      "taskClass",
      `must be one of ${classes.join(", ")}, got ${JSON.stringify(definition.taskClass)}${didYouMean(String(definition.taskClass), classes)}`,
    );
  const metrics = [...scoreCategories, "passRate"];
  for (const [metric, value] of Object.entries(definition.thresholds ?? {})) {
    const path = `thresholds.${metric}`;
    if (!metrics.includes(metric))
      add(
        ["thresholds", metric],
        path,
        `is not a metric${didYouMean(metric, metrics)}; the metrics are ${metrics.join(", ")}`,
      );
    else if (typeof value !== "number" || !(value >= 0 && value <= 1))
      add(
        ["thresholds", metric],
        path,
        `must be a share between 0 and 1 (0.95 for 95 %), got ${JSON.stringify(value)}`,
      );
  }
  for (const name of Object.keys(definition.perturbations ?? {})) {
    if (!(perturbationNames as readonly string[]).includes(name))
      add(
        ["perturbations", name],
        `perturbations.${name}`,
        `is not a perturbation${didYouMean(name, perturbationNames)}; they are ${perturbationNames.join(", ")}`,
      );
  }
  for (const pattern of options.emptyDatasets ?? [])
    add(["datasets"], "datasets", `"${pattern}" matches no case file (.yaml, .yml, .json or .jsonl)`);
  return issues;
}

/**
 * The line and column of `a: … b:` in TypeScript source: the first `b` key after the first `a` key. A key not found
 * is located at the file alone.
 */
export function locateKey(
  source: string,
  keys: readonly string[],
  file: string,
): Omit<ValidationIssue, "message"> {
  let from = 0;
  let found = -1;
  for (const key of keys) {
    const pattern = new RegExp(
      `(^|[\\s{,])["']?${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}["']?\\s*[:,}(]`,
      "gm",
    );
    pattern.lastIndex = from;
    const match = pattern.exec(source);
    if (!match) return found < 0 ? { file } : at(source, found, file);
    found = match.index + (match[1]?.length ?? 0);
    from = found + key.length;
  }
  return found < 0 ? { file } : at(source, found, file);
}

function at(source: string, offset: number, file: string): Omit<ValidationIssue, "message"> {
  const before = source.slice(0, offset).split("\n");
  return { file, line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}
