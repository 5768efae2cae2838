import { z } from "zod";
import type { Charter } from "../charter/charter.js";
import type { DeclarativeRule } from "../charter/declarative-rule.js";
import type { AnyToolCard } from "../contract/tool-card.js";
import { hashJson, hashLargeJson } from "../hash/canonical-hash.js";
import type { PolicyRule } from "../policy/policy-rule.js";
import type { Agent } from "../runtime/agent.js";
import { agentLabel } from "../runtime/agent.js";
import { restorePatterns } from "../schema/field-schema.js";
import type { EvalCase } from "./case.js";
import type { EvalVersions } from "./report.js";
import type { Suite } from "./suite.js";

/** What an eval's versions are computed from: the suite as loaded, the agent, the perturbations asked for. */
export interface VersionSources {
  charter: Charter;
  tools: readonly AnyToolCard[];
  /** The custom rules of `policies.ts` (the charter's declarative rules are read from the charter). */
  policies: readonly PolicyRule[];
  agent: Agent;
  cases: readonly EvalCase[];
  redteamCases: readonly EvalCase[];
  /** The perturbations asked for, by name (`all` already expanded). */
  perturbations: readonly string[];
}

/**
 * The versions (sha256 of canonical JSON) of everything an eval's scores depend on, so that two evals can say what
 * changed between them. Each part is hashed apart, and no part holds another: the charter's hash leaves out its
 * instructions and policies (hashed on their own), its `version` label and the file it came from.
 * Functions are not hashed (a tool's `execute`, a code rule's `check`): their source text is not a reliable version.
 */
export function evalVersions(sources: VersionSources): EvalVersions {
  const { charter } = sources;
  const { instructions, policies: _policies, version: _version, source: _source, ...behaviour } = charter;
  return {
    charter: hashJson(plainData(behaviour)),
    instructions: hashJson(instructions),
    tools: Object.fromEntries(
      [...sources.tools]
        .sort((a, b) => compare(a.name, b.name))
        .map((card) => [card.name, toolCardHash(card)]),
    ),
    policies: policyHashes(charter.policies, sources.policies),
    model: { agent: agentLabel(sources.agent), settings: modelSettingsHash(sources.agent) },
    dataset: {
      hash: hashLargeJson({ cases: sources.cases, redteam: sources.redteamCases }),
      cases: sources.cases.length,
      redteamCases: sources.redteamCases.length,
      perturbations: [...sources.perturbations].sort(compare),
    },
  };
}

/** {@link evalVersions} of an evaluation of a loaded suite by `agent`, with the perturbations asked for by name. */
export function suiteVersions(suite: Suite, agent: Agent, perturbations: readonly string[]): EvalVersions {
  return evalVersions({
    charter: suite.charter,
    tools: suite.registry.all(),
    policies: suite.policies,
    agent,
    cases: suite.cases,
    redteamCases: suite.redteamCases,
    perturbations,
  });
}

/** The hash of a tool card's contract: every checked field (schemas as JSON Schema) but `execute`. */
export function toolCardHash(card: AnyToolCard): string {
  const { execute: _execute, kind: _kind, ...contract } = card;
  return hashJson(plainData(contract));
}

function policyHashes(
  declared: readonly DeclarativeRule[],
  code: readonly PolicyRule[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rule of declared) out[rule.name] = hashJson(plainData(rule));
  for (const rule of code) {
    // A code rule named like a declared one is kept apart (the gate would apply both).
    const key = rule.name in out ? `${rule.name} (policies.ts)` : rule.name;
    out[key] = hashJson(plainData({ name: rule.name, description: rule.description }));
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => compare(a, b)));
}

/** The hash of a model agent's settings (temperature, retries), or null when it has none (or is a function). */
function modelSettingsHash(agent: Agent): string | null {
  if (agent.kind !== "model") return null;
  const settings = {
    model: `${agent.model.provider}:${agent.model.modelId}`,
    ...(agent.temperature === undefined ? {} : { temperature: agent.temperature }),
    ...(agent.maxRetries === undefined ? {} : { maxRetries: agent.maxRetries }),
  };
  return hashJson(settings);
}

/** Plain data to hash: zod schemas as their JSON Schema, functions dropped, everything else as is. */
function plainData(value: unknown): unknown {
  if (value instanceof z.ZodType) return schemaJson(value);
  if (typeof value === "function") return undefined;
  if (Array.isArray(value)) return value.map(plainData);
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = plainData(item);
    return out;
  }
  return value;
}

/** A schema as JSON Schema, with `required` lists sorted: like the keys of `properties`, their order means nothing. */
function schemaJson(schema: z.ZodType): unknown {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
    override: (ctx) => {
      restorePatterns(ctx);
      const { required } = ctx.jsonSchema;
      if (Array.isArray(required)) ctx.jsonSchema.required = [...required].sort();
    },
  }) as Record<string, unknown>;
  return rest;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
