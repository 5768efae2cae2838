import { type Charter, type CharterDefinition, defineCharter, type ToolRegistry } from "reins";

/** A small charter allowing every tool of `registry`, autonomous unless `overrides` say otherwise. */
export function testCharter(
  name: string,
  registry: ToolRegistry,
  overrides: Partial<CharterDefinition> = {},
): Charter {
  return defineCharter(
    {
      name,
      version: 1,
      trigger: { event: "test" },
      input: { type: "object", properties: {} },
      decision: { options: ["done", "skipped"] },
      tools: { allowed: registry.names() },
      autonomy: "autonomous",
      instructions: "Do the task with the tools.",
      limits: { maxToolCalls: 10, maxSteps: 5 },
      ...overrides,
    },
    { registry },
  );
}
