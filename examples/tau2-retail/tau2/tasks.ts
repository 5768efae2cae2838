import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ErrorCode, UserError, ValidationError } from "reins";
import { z } from "zod";
import { dataDir } from "../paths.js";
import { pyIndent } from "../retail/python.js";

// τ²'s task format (tau2.data_model.tasks.Task), read as τ² writes it. Unknown fields are kept and ignored, so any
// τ² retail task file drops in unchanged.

const nullable = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

const structuredInstructions = z.looseObject({
  domain: z.string(),
  reason_for_call: z.string(),
  known_info: nullable(z.string()),
  unknown_info: nullable(z.string()),
  task_instructions: z.string(),
});

const action = z.looseObject({
  action_id: z.string(),
  requestor: z.enum(["assistant", "user"]).default("assistant"),
  name: z.string(),
  arguments: z.record(z.string(), z.unknown()),
  info: nullable(z.string()),
});

export const rewardTypes = ["DB", "ENV_ASSERTION", "NL_ASSERTION", "ACTION", "COMMUNICATE"] as const;

export const tau2TaskSchema = z.looseObject({
  id: z.string(),
  description: nullable(
    z.looseObject({
      purpose: nullable(z.string()),
      relevant_policies: nullable(z.string()),
      notes: nullable(z.string()),
    }),
  ),
  user_scenario: z.looseObject({
    persona: nullable(z.string()),
    instructions: z.union([z.string(), structuredInstructions]),
  }),
  ticket: nullable(z.string()),
  initial_state: nullable(z.looseObject({})),
  evaluation_criteria: nullable(
    z.looseObject({
      actions: nullable(z.array(action)),
      env_assertions: nullable(z.array(z.unknown())),
      communicate_info: nullable(z.array(z.string())),
      nl_assertions: nullable(z.array(z.string())),
      // τ²'s default, matching the original τ-bench.
      reward_basis: z.array(z.enum(rewardTypes)).default(["DB", "COMMUNICATE"]),
    }),
  ),
  issues: nullable(z.array(z.looseObject({ id: z.string(), title: z.string() }))),
});
export type Tau2Task = z.output<typeof tau2TaskSchema>;
export type Tau2Action = z.output<typeof action>;

/** The tasks file: `REINS_TAU2_TASKS`, else `tasks.json` in the data folder. */
export function tasksFile(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.REINS_TAU2_TASKS;
  return override && override.trim() !== "" ? override : join(dataDir(env), "tasks.json");
}

/** Reads a τ² task file (a JSON array of tasks). Problems name the file, the task index and the field. */
export function loadTau2Tasks(file: string = tasksFile()): Tau2Task[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new UserError({
      code: ErrorCode.FileNotFound,
      message: `cannot read τ² tasks from ${file}: ${error instanceof Error ? error.message : String(error)}`,
      file,
      hint: "point REINS_TAU2_TASKS at a τ² tasks.json (a JSON array of tasks)",
    });
  }
  const parsed = z.array(tau2TaskSchema).safeParse(raw);
  if (!parsed.success) {
    throw new ValidationError({
      code: "REINS_CASE_INVALID",
      issues: parsed.error.issues.map((issue) => ({
        file,
        path: issue.path.join("."),
        message: issue.message,
      })),
    });
  }
  return parsed.data;
}

/** `str(task.user_scenario)` in τ²: what the user simulator is told, and what a solo agent gets as the request. */
export function renderScenario(task: Tau2Task): string {
  const lines: string[] = [];
  const scenario = task.user_scenario;
  if (scenario.persona !== null && scenario.persona !== undefined) {
    lines.push("Persona:", pyIndent(scenario.persona, "\t"));
  }
  lines.push("Instructions:", pyIndent(renderInstructions(scenario.instructions), "\t"));
  return lines.join("\n");
}

function renderInstructions(instructions: Tau2Task["user_scenario"]["instructions"]): string {
  if (typeof instructions === "string") return instructions;
  const lines = [
    `Domain: ${instructions.domain}`,
    `Reason for call:\n${pyIndent(instructions.reason_for_call, "\t")}`,
  ];
  if (instructions.known_info != null) lines.push(`Known info:\n${pyIndent(instructions.known_info, "\t")}`);
  if (instructions.unknown_info != null)
    lines.push(`Unknown info:\n${pyIndent(instructions.unknown_info, "\t")}`);
  lines.push(`Task instructions:\n${pyIndent(instructions.task_instructions, "\t")}`);
  return lines.join("\n");
}
