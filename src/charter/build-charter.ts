import { z } from "zod";
import type { ToolRegistry } from "../contract/tool-registry.js";
import { ErrorCode } from "../errors/codes.js";
import { closestName } from "../errors/did-you-mean.js";
import { ValidationError, type ValidationIssue } from "../errors/validation-error.js";
import type { FieldPath } from "../files/located-document.js";
import { explainZodIssues, formatPath } from "../files/located-document.js";
import { compileFieldSchema, fieldSchemaSchema } from "../schema/field-schema.js";
import type { Charter } from "./charter.js";
import { charterFormat } from "./charter-format.js";
import { checkRuleFields } from "./check-rule-fields.js";
import { type DeclarativeRule, ruleToolNames } from "./declarative-rule.js";

/** Finds where a field path is in the source (a file position), or just names the field for TypeScript objects. */
export type Locator = (path: FieldPath, options?: { atKey?: boolean }) => Omit<ValidationIssue, "message">;

export interface BuildCharterOptions {
  /** The raw charter object. */
  raw: unknown;
  /** Maps a field path to a source location. */
  locate: Locator;
  /** When given, every tool name is resolved against it. */
  registry?: ToolRegistry;
  /** The file it came from. */
  source?: string;
  /**
   * When given, problems between a well-formed charter and its tools (a policy on a field the tool's input lacks)
   * are collected here instead of failing the build, so a caller can report them with the rest of a folder's.
   */
  crossIssues?: ValidationIssue[];
}

/**
 * Validates and compiles a charter, collecting every problem before throwing one `ValidationError`.
 * Shared by `defineCharter` and `loadCharter`, so both accept and reject exactly the same charters.
 */
export function buildCharter({ raw, locate, registry, source, crossIssues }: BuildCharterOptions): Charter {
  const issues: ValidationIssue[] = [];
  const issue = (path: FieldPath, message: string, atKey = false) =>
    issues.push({ ...locate(path, { atKey }), path: formatPath(path), message });

  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    issue([], "a charter must be a mapping of fields (name, version, trigger, input, decision, tools, …)");
    throw new ValidationError({ code: ErrorCode.CharterInvalid, issues });
  }
  const parsed = charterFormat.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    for (const { path, message, atKey } of explainZodIssues(parsed.error.issues)) issue(path, message, atKey);
  }
  const rawObject = raw as Record<string, unknown>;
  const input = compileSchema(rawObject.input, ["input"], issue);
  const rawFields = (rawObject.decision as { fields?: unknown } | undefined)?.fields;
  const fields: Record<string, z.ZodType> = {};
  if (rawFields && typeof rawFields === "object" && !Array.isArray(rawFields)) {
    for (const [name, schema] of Object.entries(rawFields)) {
      const compiled = compileSchema(schema, ["decision", "fields", name], issue);
      if (compiled) fields[name] = compiled;
      if (["decision", "confidence", "rationale", "escalation"].includes(name)) {
        issue(
          ["decision", "fields", name],
          `"${name}" is reserved for the decision itself; choose another name`,
        );
      }
    }
  }
  if (!parsed.success) {
    // Still name unknown tools, when the tool lists themselves are well-formed: every problem at once.
    const tools = rawObject.tools as { allowed?: unknown; forbidden?: unknown } | undefined;
    const names = (list: unknown) =>
      Array.isArray(list) && list.every((n) => typeof n === "string") ? (list as string[]) : [];
    if (registry)
      checkToolNames(
        { allowed: names(tools?.allowed), forbidden: names(tools?.forbidden) },
        [],
        registry,
        issue,
      );
    throw new ValidationError({ code: ErrorCode.CharterInvalid, issues: sortByPosition(issues) });
  }
  const format = parsed.data;

  const options = format.decision.options;
  options.forEach((option, index) => {
    if (options.indexOf(option) !== index)
      issue(["decision", "options", index], `"${option}" is listed twice`);
  });
  format.tools.forbidden.forEach((name, index) => {
    if (format.tools.allowed.includes(name)) {
      issue(["tools", "forbidden", index], `"${name}" is both allowed and forbidden; keep it in one list`);
    }
  });
  format.tools.requireBasedOn.forEach((name, index) => {
    if (!format.tools.allowed.includes(name)) {
      const near = closestName(name, format.tools.allowed);
      issue(
        ["tools", "requireBasedOn", index],
        `"${name}" is not an allowed tool, so requiring its facts would guard nothing.${near ? ` Did you mean "${near}"?` : ""} Allowed: ${format.tools.allowed.join(", ") || "none"}`,
      );
    } else if (format.tools.requireBasedOn.indexOf(name) !== index) {
      issue(["tools", "requireBasedOn", index], `"${name}" is listed twice`);
    }
  });
  const policyNames = new Set<string>();
  format.policies.forEach((rule, index) => {
    if (policyNames.has(rule.name))
      issue(["policies", index, "name"], `policy "${rule.name}" is declared twice`);
    policyNames.add(rule.name);
  });

  if (registry) checkToolNames(format.tools, format.policies, registry, issue);
  if (registry) {
    const into = crossIssues ?? issues;
    format.policies.forEach((rule, index) => {
      if (!ruleToolNames(rule).every((ref) => registry.has(ref.name))) return;
      for (const problem of checkRuleFields(rule, registry)) {
        const path = ["policies", index, ...problem.path];
        into.push({
          ...locate(path),
          path: formatPath(path),
          message: `policy "${rule.name}": ${problem.message}`,
        });
      }
    });
  }
  if (issues.length > 0 || input === undefined)
    throw new ValidationError({ code: ErrorCode.CharterInvalid, issues });

  const decisionSchema = z.strictObject({
    decision: z.enum(options as [string, ...string[]]),
    ...fields,
    confidence: z.number().min(0).max(1),
    rationale: z.string().optional(),
  });
  return Object.freeze({
    kind: "reins.charter" as const,
    name: format.name,
    version: format.version,
    description: format.description,
    trigger: format.trigger,
    input,
    decision: Object.freeze({
      options,
      fields,
      confidenceThreshold: format.decision.confidenceThreshold,
      schema: decisionSchema,
    }),
    tools: format.tools,
    may: format.may,
    mayNot: format.mayNot,
    dangerousOutputs: format.dangerousOutputs,
    escalation: format.escalation,
    stopConditions: format.stopConditions,
    autonomy: format.autonomy,
    instructions: format.instructions,
    limits: format.limits,
    policies: format.policies,
    redact: format.redact,
    recovery: format.recovery,
    killSwitch: format.killSwitch,
    source,
  });
}

function compileSchema(
  value: unknown,
  path: FieldPath,
  issue: (path: FieldPath, message: string, atKey?: boolean) => void,
): z.ZodType | undefined {
  if (value === undefined) return undefined;
  if (value instanceof z.ZodType) return value;
  const parsed = fieldSchemaSchema.safeParse(value, { reportInput: true });
  if (!parsed.success) {
    for (const found of explainZodIssues(parsed.error.issues))
      issue([...path, ...found.path], found.message, found.atKey);
    return undefined;
  }
  try {
    return compileFieldSchema(parsed.data);
  } catch (error) {
    issue(path, `cannot be compiled: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

function checkToolNames(
  tools: { allowed: readonly string[]; forbidden: readonly string[] },
  policies: readonly DeclarativeRule[],
  registry: ToolRegistry,
  issue: (path: FieldPath, message: string) => void,
): void {
  const known = registry.names();
  const checkName = (name: string, path: FieldPath) => {
    if (!registry.has(name)) issue(path, unknownToolMessage(name, known));
  };
  for (const [index, name] of tools.allowed.entries()) checkName(name, ["tools", "allowed", index]);
  for (const [index, name] of tools.forbidden.entries()) checkName(name, ["tools", "forbidden", index]);
  policies.forEach((rule, index) => {
    for (const ref of ruleToolNames(rule)) checkName(ref.name, ["policies", index, ...ref.path]);
  });
}

/** Issues in reading order (line, then column), so that the output follows the file. */
function sortByPosition(issues: ValidationIssue[]): ValidationIssue[] {
  return [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

export function unknownToolMessage(name: string, known: readonly string[]): string {
  const near = closestName(name, known);
  const suggestion = near ? ` Did you mean "${near}"?` : "";
  return `unknown tool "${name}".${suggestion} Known tools: ${known.length > 0 ? known.join(", ") : "none registered"}`;
}
