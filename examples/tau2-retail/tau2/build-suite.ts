import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { LanguageModel } from "ai";
import { createToolRegistry, loadCharter, type Suite, UserError } from "reins";
import type { Environment, EvalCase, Scorer } from "reins/eval";
import { resolveModel } from "reins/model";
import { dataDir, exampleDir } from "../paths.js";
import { policies } from "../policies.js";
import { loadRetailDb } from "../retail/db.js";
import type { RetailDb } from "../retail/types.js";
import { type RetailWorld, retailEnvironment } from "../retail/world.js";
import { tools } from "../tools.js";
import { type RunMode, runModes, taskToCase } from "./cases.js";
import { communicateInfo, nlAssertions, tau2Db } from "./scorers.js";
import { loadTau2Tasks, type Tau2Task, tasksFile } from "./tasks.js";
import { simulatedUser } from "./user-simulator.js";

export interface Tau2Options {
  /** `solo` (default) or `conversation`. */
  mode?: RunMode;
  /** The τ² tasks (default: the tasks file, see `tasksFile`). */
  tasks?: readonly Tau2Task[];
  /** Only these task ids. */
  taskIds?: readonly string[];
  /** The model playing the customer; required in conversation mode. */
  userModel?: LanguageModel;
  /** The user simulator's temperature (default 0). */
  userTemperature?: number;
  /** The model grading NL assertions; without one they are unscored. */
  judge?: LanguageModel;
  /** The base database (default: `db.json` from the data folder). */
  db?: Readonly<RetailDb>;
  /** The store's policy (default: `policy.md` from the data folder). */
  policy?: string;
}

export interface Tau2Parts {
  tasks: Tau2Task[];
  cases: EvalCase[];
  environment: Environment<RetailWorld>;
  scorers: Scorer[];
}

/** The environment, scorers and cases of the τ² retail suite, for a run mode. */
export function tau2Parts(options: Tau2Options = {}): Tau2Parts {
  const mode = options.mode ?? "solo";
  const all = options.tasks ? [...options.tasks] : loadTau2Tasks();
  const tasks = options.taskIds ? all.filter((task) => options.taskIds?.includes(task.id)) : all;
  const unknown = (options.taskIds ?? []).filter((id) => !all.some((task) => task.id === id));
  if (unknown.length > 0) {
    throw new UserError({ code: "REINS_USAGE", message: `no τ² task with id ${unknown.join(", ")}` });
  }
  const policy = options.policy ?? readFileSync(join(dataDir(), "policy.md"), "utf8");
  const userModel = options.userModel;
  if (mode === "conversation" && !userModel) {
    throw new UserError({
      code: "REINS_USAGE",
      message: "conversation mode needs a model to play the customer",
      hint: "set REINS_TAU2_USER_MODEL=provider:model (e.g. openai:gpt-4.1-mini), or use REINS_TAU2_MODE=solo",
    });
  }
  const environment = retailEnvironment({
    ...(options.db ? { db: options.db } : {}),
    ...(mode === "conversation" && userModel
      ? {
          conversation: ({ scenario, history }) =>
            simulatedUser({
              model: userModel,
              scenario,
              history,
              ...(options.userTemperature === undefined ? {} : { temperature: options.userTemperature }),
            }),
        }
      : {}),
  });
  const scorers = [
    tau2Db,
    communicateInfo(tasks),
    ...(options.judge ? [nlAssertions(tasks, options.judge)] : []),
  ];
  const db = options.db ?? loadRetailDb();
  return { tasks, cases: tasks.map((task) => taskToCase(task, { mode, policy, db })), environment, scorers };
}

/** The whole suite in code, as `evaluate` and `checkOracles` take it (no suite folder loading, no case files). */
export async function tau2RetailSuite(options: Tau2Options = {}): Promise<Suite> {
  const parts = tau2Parts(options);
  const registry = createToolRegistry(tools, join(exampleDir, "tools.ts"));
  const charter = await loadCharter(join(exampleDir, "charter.yaml"), { registry });
  return {
    name: "tau2-retail",
    environment: parts.environment,
    scorers: parts.scorers,
    dir: exampleDir,
    charter,
    registry,
    policies,
    cases: parts.cases,
    redteamCases: [],
  };
}

/** Settings given as the suite's options (`reins check examples/tau2-retail --tasks <file> --mode solo`). */
export interface Tau2Flags {
  /** The τ² tasks file; else REINS_TAU2_TASKS, else `tasks.json` in the data folder. */
  tasks?: string | undefined;
  /** `solo` or `conversation`; else REINS_TAU2_MODE, else solo. */
  mode?: string | undefined;
}

/** The example's settings: the suite's options first, then the environment variables (kept as a fallback). */
export async function optionsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  flags: Tau2Flags = {},
): Promise<Tau2Options> {
  const given = flags.mode ?? env.REINS_TAU2_MODE;
  const mode = (given?.trim() || "solo") as RunMode;
  if (!runModes.includes(mode)) {
    throw new UserError({
      code: "REINS_USAGE",
      message: `${flags.mode === undefined ? "REINS_TAU2_MODE" : "--mode"} must be ${runModes.join(" or ")}, got "${given}"`,
    });
  }
  const ids = env.REINS_TAU2_TASK_IDS?.split(",")
    .map((id) => id.trim())
    .filter((id) => id !== "");
  const model = async (name: string) => {
    const spec = env[name]?.trim();
    return spec ? (await resolveModel(spec)).model : undefined;
  };
  const userModel = await model("REINS_TAU2_USER_MODEL");
  const judge = await model("REINS_TAU2_JUDGE");
  return {
    mode,
    tasks: loadTau2Tasks(flags.tasks ?? tasksFile(env)),
    ...(ids && ids.length > 0 ? { taskIds: ids } : {}),
    ...(userModel ? { userModel } : {}),
    ...(judge ? { judge } : {}),
  };
}
