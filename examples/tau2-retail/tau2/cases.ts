import { UserError } from "reins";
import { caseSchema, type EvalCase, type OracleStep } from "reins/eval";
import { writeTools } from "../retail/operations.js";
import type { RetailDb } from "../retail/types.js";
import type { InitialState, WorldFixture } from "../retail/world.js";
import { goldFailures } from "./gold.js";
import { renderScenario, type Tau2Action, type Tau2Task } from "./tasks.js";

/** `solo`: the user's whole instruction is the input. `conversation`: a simulated user talks with the agent. */
export type RunMode = "solo" | "conversation";
export const runModes: readonly RunMode[] = ["solo", "conversation"];

/** What the agent reads first in a conversation: the customer is waiting, and speaks once greeted. */
export const conversationNote =
  "A customer has contacted the store and is waiting on the line. Greet them with respond_to_user.";

/** The closing line τ²'s policy prescribes after a transfer. */
export const transferMessage = "YOU ARE BEING TRANSFERRED TO A HUMAN AGENT. PLEASE HOLD ON.";

export interface CaseOptions {
  mode: RunMode;
  /** The store's policy (τ²'s policy.md), handed to the agent in the input. */
  policy: string;
  /** The base database: who owns the orders the gold actions touch. */
  db: Readonly<RetailDb>;
}

const userDataTools: readonly string[] = ["get_user_details", "get_order_details", ...writeTools];

/**
 * τ²'s gold actions and, when they act on a user's data before locating the user (30 of the 74 tasks list only
 * their writes), first the authentication the policy requires: `find_user_id_by_email` for the user who owns that
 * data. It is a read: the gold database is the same; without it the oracle would break the policy it is scored by.
 */
export function oracleCalls(
  actions: readonly Tau2Action[],
  db: Readonly<RetailDb>,
): { tool: string; input: unknown }[] {
  const calls = actions.map((a) => ({ tool: a.name, input: a.arguments as unknown }));
  const firstData = actions.findIndex((a) => userDataTools.includes(a.name));
  const firstFind = actions.findIndex((a) => a.name.startsWith("find_user_id_"));
  if (firstData < 0 || (firstFind >= 0 && firstFind < firstData)) return calls;
  const args = (actions[firstData] as Tau2Action).arguments;
  const orderId = typeof args.order_id === "string" ? args.order_id : undefined;
  const userId =
    typeof args.user_id === "string"
      ? args.user_id
      : orderId !== undefined && Object.hasOwn(db.orders, orderId)
        ? db.orders[orderId]?.user_id
        : undefined;
  const user = userId !== undefined && Object.hasOwn(db.users, userId) ? db.users[userId] : undefined;
  return user ? [{ tool: "find_user_id_by_email", input: { email: user.email } }, ...calls] : calls;
}

/**
 * One τ² task as a Reins case, id for id. Its oracle replays `evaluation_criteria.actions` through the gate and
 * concludes as the right run would; the case expects the final database to equal the oracle's (τ²'s DB check) and
 * the run to end in a decision — or, when the gold actions transfer to a human, in that escalation.
 */
export function taskToCase(task: Tau2Task, options: CaseOptions): EvalCase {
  const criteria = task.evaluation_criteria;
  const actions = criteria?.actions ?? [];
  const userAction = actions.find((a) => a.requestor === "user");
  if (userAction) {
    throw new UserError({
      code: "REINS_CASE_INVALID",
      message: `τ² task ${task.id}: action ${userAction.action_id} is the user's (${userAction.name}); the retail domain has no user tools`,
      path: `evaluation_criteria.actions`,
    });
  }
  const scenario = renderScenario(task);
  const transfer = actions.find((a) => a.name === "transfer_to_human_agents");
  const writes = actions.filter((a) => (writeTools as readonly string[]).includes(a.name)).length;
  const told = criteria?.communicate_info ?? [];
  // Gold writes that fail in τ² too change nothing: the right run does not attempt them (and a policy-checked oracle
  // that did would be scored as breaking the policy).
  const failed = goldFailures(actions, options.db).filter((f) => !f.changedDb);
  const replayed = actions.filter((_, index) => !failed.some((f) => f.index === index));
  const oracle: OracleStep[] = oracleCalls(replayed, options.db);
  oracle.push({
    conclude: transfer
      ? { escalate: "transfer_to_human_agents", evidence: [transferMessage, ...told].join(" ") }
      : { decision: "resolved", confidence: 1, message: told.length > 0 ? told.join("; ") : "Done." },
  });
  const world: WorldFixture = {
    tau2: {
      taskId: task.id,
      scenario,
      initialState: (task.initial_state ?? null) as InitialState | null,
    },
  };
  const parsed = caseSchema.safeParse({
    id: task.id,
    kind: "success",
    impact: writes > 0 ? "high" : "medium",
    description: describe(task),
    tags: [
      "tau2",
      "retail",
      writes > 0 ? "writes" : "no-writes",
      ...(task.issues?.length ? ["tau2-issue"] : []),
    ],
    input:
      options.mode === "solo"
        ? { mode: "solo", policy: options.policy, request: scenario }
        : { mode: "conversation", policy: options.policy, note: conversationNote },
    world,
    expect: transfer
      ? { outcome: "escalation", escalation: { reason: "transfer_to_human_agents" }, world: "oracle" }
      : { outcome: "decision", world: "oracle" },
    oracle,
    notes: [
      ...(task.issues ?? []).map((issue) => `τ² issue ${issue.id}: ${issue.title}`),
      ...failed.map(
        (f) =>
          `τ²'s gold action ${f.action.action_id} (${f.action.name}) fails: "${f.error}"; the oracle leaves it out (the gold database is the same).`,
      ),
    ].join("\n"),
  });
  if (!parsed.success) {
    throw new UserError({
      code: "REINS_CASE_INVALID",
      message: `τ² task ${task.id} does not make a valid case: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
      hint: "case ids use letters, digits and . _ ~ : -",
    });
  }
  return parsed.data;
}

function describe(task: Tau2Task): string {
  const purpose = task.description?.purpose;
  if (purpose) return purpose;
  const instructions = task.user_scenario.instructions;
  const reason = typeof instructions === "string" ? instructions : instructions.reason_for_call;
  return reason.length > 160 ? `${reason.slice(0, 157)}…` : reason;
}
