import type { Charter } from "../charter/charter.js";
import type { ToolRegistry } from "../contract/tool-registry.js";
import { didYouMean } from "../errors/did-you-mean.js";
import type { FieldPath } from "../files/located-document.js";
import { explainZodIssues, formatPath } from "../files/located-document.js";
import { builtinEscalationReasons } from "../runtime/escalation-reasons.js";
import type { EvalCase } from "./case.js";

/** What a case's labels are checked against: the suite's charter and tools. */
export interface LabelContext {
  charter: Charter;
  registry: ToolRegistry;
}

/** A label that names something the charter or the registry does not have, at a path inside the case. */
export interface LabelProblem {
  path: FieldPath;
  message: string;
}

/**
 * Checks every name a case's labels use against what it refers to: decisions against the charter's options,
 * fields against its decision fields (names and values), escalation reasons against the declared ones (and the
 * runtime's own), tools against the registry — a required tool must also be one the charter allows, since no run
 * could call it otherwise. A label that cannot be met never passes silently; it is reported before anything runs.
 */
export function checkCaseLabels(evalCase: EvalCase, { charter, registry }: LabelContext): LabelProblem[] {
  const problems: LabelProblem[] = [];
  const add = (path: FieldPath, message: string) => problems.push({ path, message });
  const options = charter.decision.options;
  const reasons = [...charter.escalation.map((e) => e.reason), ...builtinEscalationReasons];
  const tools = registry.names();

  const checkDecision = (decision: string, path: FieldPath) => {
    if (!options.includes(decision))
      add(
        path,
        `decision "${decision}" is not among the charter's options (${options.join(", ")})${didYouMean(decision, options)}`,
      );
  };
  const checkReason = (reason: string, path: FieldPath) => {
    if (!reasons.includes(reason))
      add(
        path,
        `escalation reason "${reason}" is not declared in the charter's escalation (${charter.escalation.map((e) => e.reason).join(", ") || "none declared"})${didYouMean(reason, reasons)}`,
      );
  };
  const checkTool = (name: string, path: FieldPath) => {
    if (registry.has(name)) return true;
    add(
      path,
      `unknown tool "${name}"${didYouMean(name, tools)}; known tools: ${tools.join(", ") || "none registered"}`,
    );
    return false;
  };

  const expect = evalCase.expect;
  if (expect.decision !== undefined) checkDecision(expect.decision, ["expect", "decision"]);
  for (const [name, value] of Object.entries(expect.fields)) {
    const schema = charter.decision.fields[name];
    const fields = Object.keys(charter.decision.fields);
    if (schema === undefined) {
      add(
        ["expect", "fields", name],
        `"${name}" is not a decision field of the charter (${fields.join(", ") || "it declares none"})${didYouMean(name, fields)}`,
      );
      continue;
    }
    const parsed = schema.safeParse(value, { reportInput: true });
    if (!parsed.success) {
      for (const found of explainZodIssues(parsed.error.issues)) {
        const inner = formatPath(found.path);
        add(
          ["expect", "fields", name, ...found.path],
          `the charter's decision schema rejects this value: ${inner === "" ? "" : `${inner} `}${found.message}`,
        );
      }
    }
  }
  if (expect.escalation?.reason !== undefined)
    checkReason(expect.escalation.reason, ["expect", "escalation", "reason"]);
  expect.tools.required.forEach((name, index) => {
    const path = ["expect", "tools", "required", index];
    if (!checkTool(name, path)) return;
    if (charter.tools.forbidden.includes(name))
      add(path, `required tool "${name}" is forbidden by the charter: no run can satisfy this label`);
    else if (!charter.tools.allowed.includes(name))
      add(path, `required tool "${name}" is not among the charter's allowed tools: no run can call it`);
  });
  for (const [index, name] of expect.tools.forbidden.entries())
    checkTool(name, ["expect", "tools", "forbidden", index]);
  (evalCase.oracle ?? []).forEach((step, index) => {
    if ("tool" in step) {
      checkTool(step.tool, ["oracle", index, "tool"]);
      return;
    }
    const conclusion = step.conclude;
    if ("decision" in conclusion && typeof conclusion.decision === "string")
      checkDecision(conclusion.decision, ["oracle", index, "conclude", "decision"]);
    if ("escalate" in conclusion && typeof conclusion.escalate === "string")
      checkReason(conclusion.escalate, ["oracle", index, "conclude", "escalate"]);
  });
  for (const [index, fault] of evalCase.faults.entries()) checkTool(fault.tool, ["faults", index, "tool"]);
  // A gate label on a tool without a card would check a call that can never happen.
  for (const [index, label] of (expect.gate ?? []).entries())
    checkTool(label.tool, ["expect", "gate", index, "tool"]);
  return problems;
}
