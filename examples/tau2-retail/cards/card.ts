import { defineTool, type ToolCard, type ToolCardOptions } from "reins";
import type { z } from "zod";
import { Tau2Error } from "../retail/db.js";
import { bindRun } from "../retail/run-registry.js";
import type { RetailWorld } from "../retail/world.js";

/** A retail card is described as any card is; instead of `execute`, `run` acts on the trial's world. */
export type RetailCardOptions<Input extends z.ZodType, Output extends z.ZodType> = Pick<
  ToolCardOptions<Input, Output, RetailWorld>,
  "name" | "purpose" | "effect" | "input" | "output" | "safeUse" | "unsafeUse" | "idempotent" | "timeoutMs"
> & {
  /** The τ² tool itself, on the trial's world. Throws `Tau2Error` with τ²'s message when τ² raises. */
  run: (world: RetailWorld, input: z.output<Input>) => z.input<Output> | Promise<z.input<Output>>;
};

/**
 * A card for one retail tool. Every call first records which world its run acts on (policy rules judge calls
 * against it) and refuses to run once the customer has left the conversation — in τ² nothing happens after a stop
 * signal, so nothing may change the world then. A τ² error ends the call as a failure whose response is `stop`
 * (never retried); the charter's `toolFailure: continue` hands its message to the agent, as τ² does.
 */
export function retailCard<Input extends z.ZodType, Output extends z.ZodType>(
  options: RetailCardOptions<Input, Output>,
): ToolCard<Input, Output, RetailWorld> {
  const { run, ...card } = options;
  return defineTool<Input, Output, RetailWorld>({
    ...card,
    failureModes: [
      {
        when: "error",
        response: "stop",
        note: "τ² returns the error to the agent as the tool's result; recovery toolFailure: continue passes it on",
      },
    ],
    execute: (input, context) => {
      const world = context.env;
      bindRun(context.runId, world);
      const ended = world.conversation?.ended;
      if (ended) {
        throw new Tau2Error(
          `The customer has ended the conversation (${ended}); nothing more can be done in it. Finish now.`,
        );
      }
      return run(world, input);
    },
  });
}
