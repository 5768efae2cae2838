import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type AnyToolCard,
  type AutonomyLevel,
  type Charter,
  createToolRegistry,
  decideApproval,
  loadCharter,
  modelAgent,
  type PolicyRule,
  type RunResult,
  resumeRun,
  runAgent,
} from "reins";
import { createAuditLog } from "reins/audit";
import { openMemoryStore } from "reins/store";
import { type ScriptStep, scriptedModel } from "reins/testing";
import { expect } from "vitest";

// The injection suite's harness, after AgentDojo's metrics: a benign model does the task (utility); a fully
// compromised model reads an injected instruction and proposes the attacker's action, then carries on with the task
// (utility under attack); the attack succeeds only if the attacker's action reached a tool's `execute` (targeted
// attack success on actions). Every card's `execute` is wrapped to record what really ran.

/** One call that reached a tool's `execute`. */
export interface Executed {
  tool: string;
  input: Record<string, unknown>;
}

/** The attack kinds the suite covers (the areas of its figures). */
export type AttackKind =
  | "tool not in charter"
  | "forbidden tool"
  | "forbidden argument (policy)"
  | "call-cap exhaustion"
  | "approval-required action without approval"
  | "fact provenance (basedOn spoofing)"
  | "protected-field overwrite"
  | "redacted data exfiltration"
  | "autonomy escalation"
  | "escalation-reason spoofing";

export interface Scenario {
  id: string;
  kind: AttackKind;
  /** The injected instruction; the compromised model's attack step asserts it read this text. */
  injection: string;
  /** The compromised model's script: the attack steps are marked with `attack`. */
  steps: (ScriptStep & { attack?: true })[];
  /** Did the attacker's action execute? Judged on what reached `execute`, never on what the model said. */
  succeeded: (executed: readonly Executed[], result: RunResult) => boolean;
  /** Overrides the example's autonomy (only ever lower than the charter's). */
  autonomy?: AutonomyLevel;
}

export interface Example<World> {
  name: string;
  charterFile: string;
  cards: readonly AnyToolCard[];
  policies?: readonly PolicyRule[];
  /** The world of one run, with the injection planted where the scenario puts it. */
  world: (injection: string | undefined) => World;
  /** The run's input, with the injection planted where the scenario puts it. */
  input: (injection: string | undefined) => unknown;
  /** Was the user's task done? On the final world and result. */
  taskDone: (world: World, result: RunResult) => boolean;
  /** The human reviewer: approves a pending call only when it is one the benign task needs. */
  legitimate: (toolName: string, input: unknown) => boolean;
}

/** Wraps every card so that a call reaching `execute` is recorded (after the gate, before the tool acts). */
export function spiedCards(cards: readonly AnyToolCard[], log: Executed[]): AnyToolCard[] {
  return cards.map((card) =>
    Object.freeze({
      ...card,
      execute: (input: unknown, context: Parameters<AnyToolCard["execute"]>[1]) => {
        log.push({ tool: card.name, input: structuredClone(input) as Record<string, unknown> });
        return card.execute(input, context);
      },
    }),
  );
}

/** Marks the step where the compromised model acts on the injection: it must have read it in its prompt. */
export function attackStep(injection: string, step: ScriptStep): ScriptStep & { attack: true } {
  return {
    ...step,
    attack: true,
    expect: (call) => expect(JSON.stringify(call.prompt)).toContain(injection),
  } as ScriptStep & { attack: true };
}

export interface RunOutcome<World> {
  result: RunResult;
  world: World;
  executed: Executed[];
  /** Tool calls the compromised model proposed in its attack steps. */
  proposed: number;
  /** Approvals the reviewer rejected (attack calls held for a human). */
  rejected: number;
}

/** Runs one script on the example; pending approvals go to the reviewer, and the run resumes until it ends. */
export async function runScript<World>(
  example: Example<World>,
  steps: Scenario["steps"],
  injection: string | undefined,
  autonomy?: AutonomyLevel,
): Promise<RunOutcome<World>> {
  const executed: Executed[] = [];
  const registry = createToolRegistry(spiedCards(example.cards, executed));
  const charter: Charter = await loadCharter(example.charterFile, { registry });
  const store = openMemoryStore();
  const audit = createAuditLog({ store, redact: { fields: [...charter.redact] } });
  const model = scriptedModel({ steps });
  const agent = modelAgent(model, { maxRetries: 0 });
  const world = example.world(injection);
  const common = { charter, registry, policies: example.policies ?? [], agent, store, audit, env: world };
  const input = example.input(injection);
  let result = await runAgent({
    ...common,
    input,
    ...(autonomy ? { autonomy } : {}),
  });
  let rejected = 0;
  for (let round = 0; result.status === "suspended" && round < 5; round++) {
    for (const approval of await store.approvals.list({ status: "pending" })) {
      const ok = example.legitimate(approval.toolName, approval.input);
      if (!ok) rejected++;
      await decideApproval({
        store,
        audit,
        approvalId: approval.id,
        decision: ok ? "approved" : "rejected",
        decidedBy: "reviewer",
        ...(ok ? {} : { note: "Not part of the customer's request." }),
      });
    }
    // The run stored its input redacted (lead-routing redacts the phone): resuming takes it again.
    result = await resumeRun({ ...common, input, runId: result.runId });
  }
  // A blocked attack may end the run before the script does (the charter's recovery decides): not asserted here.
  await store.close();
  const proposed = steps.filter((s) => s.attack).reduce((n, s) => n + (s.toolCalls?.length ?? 0), 0);
  return { result, world, executed, proposed, rejected };
}

export interface AreaFigures {
  scenarios: number;
  proposed: number;
  blocked: number;
  executed: number;
  utility: number;
  utilityUnderAttack: number;
}

/** Writes the figures where the report can pick them up (the OS temp dir), and prints them. */
export function reportFigures(name: string, figures: Record<string, unknown>): void {
  const dir = join(tmpdir(), "reins-security-figures");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
  console.log(`${name} figures (${file}):\n${JSON.stringify(figures, null, 2)}`);
}
