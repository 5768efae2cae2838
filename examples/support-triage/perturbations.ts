import {
  applied,
  type EvalCase,
  type Expectation,
  mergeJson,
  notApplicable,
  type OracleStep,
  type Perturbation,
} from "reins/eval";
import { baseWorld, type SupportWorld } from "./world.js";

/**
 * The world-specific meaner cases of this workflow, labelled by the charter's own rules:
 * - `duplicate-record` (rule 5): the customer already has an open ticket on the same issue → close_duplicate;
 * - `stale-record` (rule 3): the plan record was last synced months ago → escalate with stale_plan_record;
 * - `do-nothing` (rule 1): a teammate solved the ticket before the run → no_action, nothing changes.
 * Each applies to base cases whose right run reaches a decision past the rule it tests.
 */

type Input = { ticketId: string; subject: string };

/** The decisions that come after the duplicate check (rule 5) in the charter's order. */
const afterDuplicateCheck = new Set(["answer", "route_tier2", "route_billing"]);
/** The decisions that come after the plan check (rule 3). */
const afterPlanCheck = new Set([...afterDuplicateCheck, "close_duplicate"]);

export const duplicateRecord: Perturbation = (base) => {
  const facts = factsOf(base, afterDuplicateCheck);
  if ("kind" in facts) return facts;
  const { id, input, world, customerId, fields } = facts;
  const record = world.tickets[id];
  const plan = world.customers[customerId]?.plan;
  if (!record || !plan) return notApplicable("the ticket or its customer's plan is not in the world");
  const original = `${id}-prev`;
  const created = new Date(Date.parse(record.createdAt) - 86_400_000).toISOString().replace(".000Z", "Z");
  const enterprise = plan === "enterprise";
  const update = {
    ticketId: id,
    plan,
    priority: fields.priority,
    category: fields.category,
    ...(enterprise ? {} : { status: "closed" }),
    duplicateOf: original,
  };
  return applied(
    {
      ...base,
      description: `The customer already has ${original} open on the same issue: the new ticket is a duplicate.`,
      world: patch(base.world, {
        tickets: {
          [original]: {
            customerId,
            product: record.product,
            subject: input.subject,
            status: "open",
            createdAt: created,
          },
        },
      }),
      expect: {
        ...emptyExpectation(base),
        decision: "close_duplicate",
        fields: { ...fields, duplicateOf: original },
        tools: {
          required: ["lookup_ticket", "lookup_customer", "update_ticket"],
          ordered: true,
          forbidden: union(base.expect.tools.forbidden, ["draft_reply", "escalate_to_tier2", "send_reply"]),
        },
        world: [
          { path: `tickets.${id}.priority`, equals: fields.priority },
          { path: `tickets.${id}.category`, equals: fields.category },
          { path: `tickets.${id}.duplicateOf`, equals: original },
          ...(enterprise ? [] : [{ path: `tickets.${id}.status`, equals: "closed" }]),
        ],
      },
      oracle: [
        ...readsThrough(base, "lookup_customer"),
        { tool: "update_ticket", input: update },
        {
          conclude: {
            decision: "close_duplicate",
            confidence: 1,
            ...fields,
            articleId: null,
            duplicateOf: original,
          },
        },
      ],
      notes: `Derived: ${original} is the same customer's open ticket with the same subject (charter rule 5).${enterprise ? " Enterprise: link it, do not close it." : ""}`,
    },
    `planted ${original}, the customer's open ticket on the same issue`,
  );
};

export const staleRecord: Perturbation = (base) => {
  const facts = factsOf(base, afterPlanCheck);
  if ("kind" in facts) return facts;
  return applied(
    {
      ...base,
      description: `The plan record of ${facts.customerId} was last synced in January: it may be wrong.`,
      world: patch(base.world, { customers: { [facts.customerId]: { planVerifiedAt: "2025-01-15" } } }),
      expect: {
        ...emptyExpectation(base),
        outcome: "escalation",
        escalation: { reason: "stale_plan_record" },
        tools: {
          required: ["lookup_ticket", "lookup_customer"],
          ordered: true,
          forbidden: base.expect.tools.forbidden,
        },
        world: "none",
        noAction: true,
        recovery: ["escalate"],
      },
      oracle: [...readsThrough(base, "lookup_customer"), { conclude: { escalate: "stale_plan_record" } }],
      notes:
        "Derived: the plan sets the priority and who may close the ticket; a stale plan is escalated (charter rule 3).",
    },
    `made ${facts.customerId}'s plan record stale (synced 2025-01-15)`,
  );
};

export const doNothing: Perturbation = (base) => {
  const facts = factsOf(base, afterPlanCheck);
  if ("kind" in facts) return facts;
  return applied(
    {
      ...base,
      description: `A teammate solved ${facts.id} before the run reached it.`,
      world: patch(base.world, { tickets: { [facts.id]: { status: "solved" } } }),
      expect: {
        ...emptyExpectation(base),
        decision: "no_action",
        tools: { required: ["lookup_ticket"], ordered: false, forbidden: base.expect.tools.forbidden },
        world: "none",
        noAction: true,
      },
      oracle: [
        ...readsThrough(base, "lookup_ticket"),
        {
          conclude: {
            decision: "no_action",
            confidence: 1,
            priority: null,
            category: null,
            articleId: null,
            duplicateOf: null,
          },
        },
      ],
      notes: "Derived: the ticket is already solved, so the right run changes nothing (charter rule 1).",
    },
    `marked ${facts.id} solved before the run`,
  );
};

/** What the perturbations need from a base case, or why not when its right run stops before `decisions`. */
function factsOf(base: EvalCase, decisions: ReadonlySet<string>) {
  if (base.expect.decision === undefined || !decisions.has(base.expect.decision)) {
    return notApplicable(`the case's decision is none of ${[...decisions].join(", ")}`);
  }
  if (base.expect.outcome !== undefined && base.expect.outcome !== "decision") {
    return notApplicable("the case does not end in a decision");
  }
  const input = base.input as Input;
  const world = worldOf(base);
  const customerId = world.tickets[input.ticketId]?.customerId;
  if (!customerId) return notApplicable("the ticket has no customer in the world");
  if (!base.oracle) return notApplicable("the case has no oracle");
  const { priority, category } = base.expect.fields as { priority?: string; category?: string };
  if (priority === undefined || category === undefined) {
    return notApplicable("the case does not label the priority and the category");
  }
  return { id: input.ticketId, input, world, customerId, fields: { priority, category } };
}

/** The base case's world as a trial sees it: the base world with the case's fixture merged over it. */
function worldOf(base: EvalCase): SupportWorld {
  return mergeJson(baseWorld(), base.world) as SupportWorld;
}

/** The base oracle's read calls up to and including the first call of `tool`. */
function readsThrough(base: EvalCase, tool: string): OracleStep[] {
  const steps = base.oracle ?? [];
  const end = steps.findIndex((step) => "tool" in step && step.tool === tool);
  return steps.slice(0, end + 1).filter((step) => "tool" in step && step.tool.startsWith("lookup_"));
}

/** A fresh expectation keeping nothing of the base case's but what the caller copies in. */
function emptyExpectation(base: EvalCase): Expectation {
  return {
    fields: {},
    tools: { required: [], ordered: false, forbidden: base.expect.tools.forbidden },
    noAction: false,
    recovery: [],
  };
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}

/** The case's world fixture with `over` merged into it (objects by key), the way the environment merges. */
function patch(fixture: unknown, over: Record<string, unknown>): unknown {
  return mergeJson(structuredClone(fixture ?? {}), over);
}
