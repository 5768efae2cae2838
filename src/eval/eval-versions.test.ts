import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineTool } from "../contract/tool-card.js";
import { definePolicy } from "../policy/policy-rule.js";
import { allow } from "../policy/verdict.js";
import { functionAgent, modelAgent } from "../runtime/agent.js";
import { scriptedModel } from "../testing/scripted-model.js";
import { evalVersions, toolCardHash } from "./eval-versions.js";
import { loadSuite } from "./load-suite.js";
import type { Suite } from "./suite.js";

const card = (overrides: Partial<Parameters<typeof defineTool>[0]> = {}) =>
  defineTool({
    name: "crm_update_lead",
    purpose: "Update a lead's owner.",
    effect: "action",
    input: z.object({ leadId: z.string(), owner: z.string() }),
    output: z.object({ ok: z.boolean() }),
    safeUse: ["Once the owner is decided."],
    unsafeUse: ["On a closed lead."],
    idempotent: true,
    protectedFields: ["owner"],
    execute: () => ({ ok: true }),
    ...overrides,
  });

const baseline = functionAgent("baseline", async () => ({ type: "refusal", reason: "none" }));

function versionsOf(suite: Suite, overrides: Partial<Parameters<typeof evalVersions>[0]> = {}) {
  return evalVersions({
    charter: suite.charter,
    tools: suite.registry.all(),
    policies: suite.policies,
    agent: baseline,
    cases: suite.cases,
    redteamCases: suite.redteamCases,
    perturbations: [],
    ...overrides,
  });
}

describe("tool card versions", () => {
  it("are the same for the same contract, whatever the order its fields and schema keys were written in", () => {
    const reordered = defineTool({
      execute: () => ({ ok: true }),
      protectedFields: ["owner"],
      idempotent: true,
      unsafeUse: ["On a closed lead."],
      safeUse: ["Once the owner is decided."],
      output: z.object({ ok: z.boolean() }),
      input: z.object({ owner: z.string(), leadId: z.string() }),
      effect: "action",
      purpose: "Update a lead's owner.",
      name: "crm_update_lead",
    });
    expect(toolCardHash(reordered)).toBe(toolCardHash(card()));
    expect(toolCardHash(card())).toMatch(/^[0-9a-f]{64}$/);
  });

  it("change when the input schema, the effect, a protected field, the timeout or the retries change", () => {
    const base = toolCardHash(card());
    const variants = [
      card({ input: z.object({ leadId: z.string(), owner: z.string().min(1) }) }),
      card({ input: z.object({ leadId: z.string(), owner: z.string(), note: z.string().optional() }) }),
      card({ output: z.object({ ok: z.literal(true) }) }),
      card({ effect: "draft" }),
      card({ protectedFields: [] }),
      card({ timeoutMs: 5000 }),
      card({ retries: 3 }),
      card({ purpose: "Update a lead." }),
      card({ failureModes: [{ when: "timeout", response: "escalate" }] }),
    ].map(toolCardHash);
    expect(variants.every((hash) => hash !== base)).toBe(true);
    expect(new Set(variants).size).toBe(variants.length);
  });

  it("do not change when only the execute function does (its source is not hashed)", () => {
    expect(toolCardHash(card({ execute: () => ({ ok: false }) }))).toBe(toolCardHash(card()));
  });
});

describe("evalVersions", () => {
  it("hashes each part apart: changing the instructions changes only `instructions`", async () => {
    const suite = await loadSuite("test/fixtures/mini-suite");
    const before = versionsOf(suite);
    const after = versionsOf(suite, { charter: { ...suite.charter, instructions: "Prioritise carefully." } });
    expect(after.instructions).not.toBe(before.instructions);
    expect({ ...after, instructions: before.instructions }).toEqual(before);
  });

  it("leaves the charter's version label and file out of its hash, but not its behaviour", async () => {
    const suite = await loadSuite("test/fixtures/mini-suite");
    const before = versionsOf(suite);
    const relabelled = { ...suite.charter, version: "2", source: "/elsewhere/charter.yaml" };
    expect(versionsOf(suite, { charter: relabelled })).toEqual(before);
    const decision = { ...suite.charter.decision, confidenceThreshold: 0.9 };
    expect(versionsOf(suite, { charter: { ...suite.charter, decision } }).charter).not.toBe(before.charter);
  });

  it("names every tool and policy, with the cases counted and the perturbations sorted", async () => {
    const suite = await loadSuite("test/fixtures/mini-suite");
    const rule = definePolicy({
      name: "no-weekend",
      description: "No changes at weekends.",
      check: () => allow(),
    });
    const versions = versionsOf(suite, { policies: [rule], perturbations: ["tool-error", "missing-field"] });
    expect(Object.keys(versions.tools)).toEqual(suite.registry.names().sort());
    expect(Object.keys(versions.policies)).toEqual(
      [...suite.charter.policies.map((p) => p.name), "no-weekend"].sort(),
    );
    expect(versions.dataset).toMatchObject({
      cases: suite.cases.length,
      redteamCases: suite.redteamCases.length,
      perturbations: ["missing-field", "tool-error"],
    });
    expect(versions.model).toEqual({ agent: "function:baseline", settings: null });
    const fewer = versionsOf(suite, { cases: suite.cases.slice(1) });
    expect(fewer.dataset.hash).not.toBe(versions.dataset.hash);
  });

  it("a code rule's description is part of its version; a declarative rule's fields are", async () => {
    const suite = await loadSuite("test/fixtures/mini-suite");
    const rule = (description: string) =>
      definePolicy({ name: "no-weekend", description, check: () => allow() });
    const a = versionsOf(suite, { policies: [rule("No changes at weekends.")] });
    const b = versionsOf(suite, { policies: [rule("No changes on Sundays.")] });
    expect(a.policies["no-weekend"]).not.toBe(b.policies["no-weekend"]);
    expect({ ...a, policies: {} }).toEqual({ ...b, policies: {} });

    const cap = (maxCalls: number) => ({
      ...suite.charter,
      policies: [{ name: "cap", tool: "set_priority", maxCalls }],
    });
    const [one, two] = [cap(1), cap(2)].map((charter) => versionsOf(suite, { charter }));
    expect(Object.keys(one?.policies ?? {})).toEqual(["cap"]);
    expect(one?.policies.cap).not.toBe(two?.policies.cap);
    expect(one?.charter).toBe(two?.charter);
  });

  it("records a model agent's label and a hash of its settings, which change with the temperature", async () => {
    const suite = await loadSuite("test/fixtures/mini-suite");
    const model = scriptedModel({ steps: [] });
    const cold = versionsOf(suite, {
      agent: modelAgent(model, { name: "openai:gpt-4.1-mini", temperature: 0 }),
    });
    const warm = versionsOf(suite, {
      agent: modelAgent(model, { name: "openai:gpt-4.1-mini", temperature: 1 }),
    });
    expect(cold.model.agent).toBe("model:openai:gpt-4.1-mini");
    expect(cold.model.settings).toMatch(/^[0-9a-f]{64}$/);
    expect(warm.model.settings).not.toBe(cold.model.settings);
  });
});
