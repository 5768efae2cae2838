import { z } from "zod";
import type { Expectation } from "../case.js";
import { applied, notApplicable } from "../perturbation-result.js";
import type { Perturbation } from "../suite.js";

/**
 * `missing-field`: removes the first top-level required field of the charter's input that the case's input
 * has. The run must not start: it asks for that field, or escalates with `missing_input`, as the charter's
 * `recovery.missingInput` declares; nothing is done and the world does not change. Not applicable when the
 * input is not an object or has none of the required fields.
 */
export const missingField: Perturbation = (base, { charter }) => {
  const input = base.input;
  if (!isPlainObject(input)) return notApplicable("the case's input is not an object");
  const required = requiredFields(charter.input);
  if (required.length === 0) return notApplicable("the charter's input schema requires no field");
  const field = required.find((name) => input[name] !== undefined);
  if (field === undefined) return notApplicable("the input has none of the charter's required fields");
  const { [field]: _removed, ...rest } = input;
  const ask = charter.recovery.missingInput === "ask";
  const expect: Expectation = {
    ...(ask
      ? { outcome: "needs-input", asks: [field] }
      : { outcome: "escalation", escalation: { reason: "missing_input" } }),
    fields: {},
    tools: { ...base.expect.tools, required: [] },
    world: "none",
    noAction: true,
    recovery: [ask ? "ask" : "escalate"],
  };
  return applied(
    {
      ...base,
      input: rest,
      expect,
      oracle: [
        {
          conclude: ask
            ? { ask: [field], question: `Please provide the missing field ${field}.` }
            : { escalate: "missing_input" },
        },
      ],
    },
    `removed input.${field}`,
  );
};

/**
 * The top-level fields a run's input must have, in declaration order (fields with defaults are not required).
 */
function requiredFields(schema: z.ZodType): string[] {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as { required?: unknown };
  return Array.isArray(json.required) ? json.required.filter((name) => typeof name === "string") : [];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
