import { type Environment, mergeJson } from "reins/eval";
import { loadRetailDb, Tau2Error } from "./db.js";
import { jsonEqual } from "./json-equal.js";
import { operations, writeTools } from "./operations.js";
import type { RetailDb } from "./types.js";

/** What the agent has said to the customer and what the customer answered (conversational runs only). */
export interface Conversation {
  /** Sends the agent's message; resolves to the customer's reply. */
  send(message: string): Promise<string>;
  /** The stop signal the customer ended with (`###STOP###`, `###TRANSFER###`, `###OUT-OF-SCOPE###`), if any. */
  readonly ended: string | null;
  readonly transcript: readonly { role: "assistant" | "user"; content: string }[];
}

/** One trial's sandbox: the database (its snapshot is the DB itself), who is authenticated, and the conversation. */
export interface RetailWorld {
  db: RetailDb;
  /** The user a `find_user_id_*` call located first in this run: the one user this conversation may act for. */
  session: { userId: string | null };
  /** The customer on the line, or null when the whole request is the input (solo). */
  conversation: Conversation | null;
  /** Snapshots taken so far: the harness takes one right after `create` and one when the run has ended. */
  snapshots: number;
  /** The database is still the shared base one, copied (no initial state was applied). */
  pristine: boolean;
}

/** τ²'s `initial_state`: data merged over the DB, actions run on it, and an earlier conversation. */
export interface InitialState {
  initialization_data?: { agent_data?: unknown; user_data?: unknown } | null;
  initialization_actions?:
    | { env_type: string; func_name: string; arguments: Record<string, unknown> }[]
    | null;
  message_history?:
    | {
        role: string;
        content?: string | null;
        tool_calls?: { name: string; arguments: Record<string, unknown>; requestor?: string }[] | null;
      }[]
    | null;
}

/** The case fixture the environment reads (`case.world`). */
export interface WorldFixture {
  tau2?: { taskId: string; scenario: string; initialState: InitialState | null };
}

export interface RetailEnvironmentOptions {
  /** The base database (default: `db.json` from the data folder). */
  db?: Readonly<RetailDb>;
  /** Opens the conversation with a simulated customer for a task; omit for solo runs. */
  conversation?: (task: {
    taskId: string;
    scenario: string;
    history: Conversation["transcript"];
  }) => Conversation;
}

/**
 * The sandbox: each trial gets a `structuredClone` of the database loaded once (about 20 ms for τ²'s 2.8 MB
 * `db.json`), with the task's initial state applied. Its snapshot is the database itself, in `db.json`'s shape.
 */
export function retailEnvironment(options: RetailEnvironmentOptions = {}): Environment<RetailWorld> {
  // Scorers normalize the same final and gold states several times; the compact form is computed once per state.
  const normalized = new WeakMap<object, unknown>();
  return {
    create(fixture) {
      const base = options.db ?? loadRetailDb();
      const task = (fixture as WorldFixture | undefined)?.tau2;
      const db = structuredClone(base) as RetailDb;
      const history = applyInitialState(db, task?.initialState ?? null);
      const conversation = options.conversation && task ? options.conversation({ ...task, history }) : null;
      const pristine = !task?.initialState;
      return { db, session: { userId: null }, conversation, snapshots: 0, pristine };
    },
    // The harness snapshots a world twice (executeTrial): before the run — for a pristine world that is the frozen
    // base itself, no copy needed — and after it, when the world is done with, so its database is handed over as is.
    snapshot(world) {
      world.snapshots++;
      if (world.snapshots === 1 && world.pristine) return options.db ?? loadRetailDb();
      return world.snapshots >= 2 ? world.db : structuredClone(world.db);
    },
    normalize: (state) => {
      if (typeof state !== "object" || state === null) return state;
      const cached = normalized.get(state);
      if (cached !== undefined) return cached;
      const compact = changedRecords(state, options.db ?? loadRetailDb());
      normalized.set(state, compact);
      return compact;
    },
  };
}

/** What a record equal to the base database's becomes in a normalized state. */
export const unchangedRecord = "(as in db.json)";

/**
 * A database with every record equal to the base database's replaced by a marker. Two states are equal exactly when
 * these are, so comparing them is τ²'s DB check — at a fraction of the cost of hashing 2.8 MB twice per trial — and a
 * difference names the record: `orders.#W… {…} → "(as in db.json)"`.
 */
export function changedRecords(state: unknown, base: Readonly<RetailDb>): unknown {
  if (typeof state !== "object" || state === null) return state;
  const out: Record<string, unknown> = {};
  for (const [table, records] of Object.entries(state)) {
    const original = (base as Record<string, unknown>)[table];
    if (!isRecordMap(records) || !isRecordMap(original)) {
      out[table] = jsonEqual(records, original) ? unchangedRecord : records;
      continue;
    }
    const compact: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(records)) {
      compact[key] =
        Object.hasOwn(original, key) && jsonEqual(value, original[key]) ? unchangedRecord : value;
    }
    out[table] = compact;
  }
  return out;
}

const isRecordMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Applies τ²'s initial state as `Environment.set_state` does; returns the earlier conversation's text turns. */
export function applyInitialState(db: RetailDb, state: InitialState | null): Conversation["transcript"] {
  if (!state) return [];
  const agentData = state.initialization_data?.agent_data;
  if (agentData !== undefined && agentData !== null) Object.assign(db, mergeJson(db, agentData));
  if (state.initialization_data?.user_data) {
    throw new Tau2Error("initialization_data.user_data: the retail domain has no user-side database");
  }
  for (const action of state.initialization_actions ?? []) {
    if (action.env_type !== "assistant") {
      throw new Tau2Error(`initialization action ${action.func_name}: the retail domain has no user tools`);
    }
    run(db, action.func_name, action.arguments);
  }
  const transcript: { role: "assistant" | "user"; content: string }[] = [];
  for (const message of state.message_history ?? []) {
    for (const call of message.tool_calls ?? []) {
      // Like set_state: only calls that change the database are replayed; their errors change nothing more.
      if ((writeTools as readonly string[]).includes(call.name)) {
        try {
          run(db, call.name, call.arguments);
        } catch (error) {
          if (!(error instanceof Tau2Error)) throw error;
        }
      }
    }
    if ((message.role === "assistant" || message.role === "user") && message.content) {
      transcript.push({ role: message.role, content: message.content });
    }
  }
  return transcript;
}

function run(db: RetailDb, name: string, args: Record<string, unknown>): unknown {
  const operation = operations[name];
  if (!operation) throw new Tau2Error(`Tool '${name}' not found.`);
  return operation(db, args);
}
