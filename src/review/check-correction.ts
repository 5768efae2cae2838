import type { Charter } from "../charter/charter.js";
import { checkToolInput } from "../contract/check-input.js";
import type { ToolRegistry } from "../contract/tool-registry.js";
import { didYouMean } from "../errors/did-you-mean.js";
import type { ValidationIssue } from "../errors/validation-error.js";
import type { ReviewCorrection } from "../store/store.js";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const correctionKeys = ["decision", "fields", "actions"];

/**
 * What is wrong with a review's correction against the charter, one located issue per problem (`[]` when nothing
 * is): the decision must be one of the charter's options; each field must be a decision field of the charter and
 * its value parse with that field's schema (the fields given are the ones corrected; the others stand as the run
 * had them); each action must name a tool the charter allows, whose card parses its input. `file` names where the
 * correction came from in the issues (a file, or the command's flags).
 */
export function checkCorrection(
  correction: unknown,
  charter: Charter,
  registry: ToolRegistry | undefined,
  file = "correction",
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const at = (path: string, message: string) => issues.push({ file, path, message });
  if (!isRecord(correction)) {
    at("correction", "must be an object with decision, fields and/or actions");
    return issues;
  }
  for (const key of Object.keys(correction)) {
    if (!correctionKeys.includes(key))
      at(
        `correction.${key}`,
        `is not part of a correction${didYouMean(key, correctionKeys)}; it holds ${correctionKeys.join(", ")}`,
      );
  }
  if (
    correction.decision === undefined &&
    correction.fields === undefined &&
    correction.actions === undefined
  )
    at("correction", "is empty: give the decision, the fields or the actions the run should have had");
  const { decision, fields, actions } = correction;
  if (
    decision !== undefined &&
    (typeof decision !== "string" || !charter.decision.options.includes(decision))
  ) {
    const named = typeof decision === "string" ? `"${decision}"` : JSON.stringify(decision);
    at(
      "correction.decision",
      `${named} is not a decision of charter ${charter.name}${typeof decision === "string" ? didYouMean(decision, charter.decision.options) : ""}; its options are ${charter.decision.options.join(", ")}`,
    );
  }
  if (fields !== undefined) checkFields(fields, charter, at);
  if (actions !== undefined) checkActions(actions, charter, registry, at);
  return issues;
}

function checkFields(fields: unknown, charter: Charter, at: (path: string, message: string) => void): void {
  if (!isRecord(fields)) {
    at("correction.fields", "must be an object of field names to values");
    return;
  }
  const known = Object.keys(charter.decision.fields);
  for (const [name, value] of Object.entries(fields)) {
    const schema = charter.decision.fields[name];
    if (schema === undefined || !Object.hasOwn(charter.decision.fields, name)) {
      at(
        `correction.fields.${name}`,
        `is not a decision field of charter ${charter.name}${didYouMean(name, known)}; its fields are ${known.length === 0 ? "(none)" : known.join(", ")}`,
      );
      continue;
    }
    const result = schema.safeParse(value);
    if (!result.success) {
      const problems = result.error.issues.map((issue) => issue.message).join("; ");
      at(`correction.fields.${name}`, `${JSON.stringify(value)} does not fit the field: ${problems}`);
    }
  }
}

function checkActions(
  actions: unknown,
  charter: Charter,
  registry: ToolRegistry | undefined,
  at: (path: string, message: string) => void,
): void {
  if (!Array.isArray(actions)) {
    at("correction.actions", "must be a list of { tool, input }");
    return;
  }
  actions.forEach((action: unknown, index) => {
    const where = `correction.actions[${index}]`;
    if (!isRecord(action) || typeof action.tool !== "string") {
      at(where, "must be { tool, input } with the tool's name");
      return;
    }
    const tool = action.tool;
    if (!charter.tools.allowed.includes(tool)) {
      const why = charter.tools.forbidden.includes(tool) ? "is forbidden by" : "is not allowed by";
      at(
        `${where}.tool`,
        `"${tool}" ${why} charter ${charter.name}${didYouMean(tool, charter.tools.allowed)}; its tools are ${charter.tools.allowed.join(", ")}`,
      );
      return;
    }
    const card = registry?.get(tool);
    if (card === undefined) {
      if (registry !== undefined) at(`${where}.tool`, `"${tool}" has no tool card in the workflow's tools`);
      return;
    }
    const checked = checkToolInput(card, action.input ?? {});
    if (!checked.ok)
      at(`${where}.input`, `does not fit ${tool}'s input schema: ${checked.problems.join("; ")}`);
  });
}

/** The correction as stored: the keys given, nothing else (a value `checkCorrection` accepted). */
export function toCorrection(correction: Record<string, unknown>): ReviewCorrection {
  return {
    ...(correction.decision === undefined ? {} : { decision: correction.decision as string }),
    ...(correction.fields === undefined ? {} : { fields: correction.fields as Record<string, unknown> }),
    ...(correction.actions === undefined
      ? {}
      : {
          actions: (correction.actions as { tool: string; input?: unknown }[]).map((a) => ({
            tool: a.tool,
            input: a.input ?? {},
          })),
        }),
  };
}
