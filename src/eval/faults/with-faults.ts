import { unknownToolMessage } from "../../charter/build-charter.js";
import { type AnyToolCard, defineTool, type ToolContext } from "../../contract/tool-card.js";
import { createToolRegistry, type ToolRegistry } from "../../contract/tool-registry.js";
import { ErrorCode } from "../../errors/codes.js";
import { UserError } from "../../errors/reins-error.js";
import type { Fault } from "../case.js";
import { abortableDelay, waitForAbort } from "./abortable.js";
import { appendAtPaths } from "./append-text.js";
import { defaultInjection } from "./default-injection.js";
import { injectText } from "./inject-text.js";

/**
 * A copy of `registry` whose faulted tools break as the faults say. Calls are counted per tool, 1-based, per
 * returned registry (so one registry per trial); every attempt counts, retries included. On a call a fault
 * names (`calls`, default all; the first matching fault wins):
 * - `timeout` hangs until the call's signal aborts, so the card's timeout fires; in the sandbox a faulted card's
 *   timeout is capped at {@link sandboxTimeoutMs}, so that proving a retry does not cost the card's full deadline;
 * - `error` throws `message` (default `injected fault`);
 * - `slow` waits `delayMs` (default half the card's timeout), abortably, then runs the real tool;
 * - `malformed` returns `output` instead, for the card's output schema to reject;
 * - `inject` runs the real tool and appends `text` (default {@link defaultInjection}) to every string of its
 *   result that the card's output schema accepts with it (see {@link injectText}), so that the injection
 *   reaches the agent; with `fields`, only to the strings at those paths (see {@link appendAtPaths}).
 *
 * Cards without faults are shared as they are; faulted ones are re-defined with the same fields.
 * A fault on a tool the registry does not have is a `UserError` naming it.
 */
export function withFaults(registry: ToolRegistry, faults: readonly Fault[]): ToolRegistry {
  faults.forEach((fault, index) => {
    if (!registry.has(fault.tool)) {
      throw new UserError({
        code: ErrorCode.UnknownTool,
        message: `fault ${index + 1} (${fault.kind}): ${unknownToolMessage(fault.tool, registry.names())}`,
        path: `faults[${index}].tool`,
        hint: "name a tool registered for this suite",
      });
    }
  });
  if (faults.length === 0) return registry;
  const calls = new Map<string, number>();
  const cards = registry.all().map((card) => {
    const own = faults.filter((fault) => fault.tool === card.name);
    return own.length === 0 ? card : faulted(card, own, calls);
  });
  return createToolRegistry(cards, "faulted tool registry");
}

/** The longest a faulted tool's call may take in the sandbox before it counts as timed out. */
export const sandboxTimeoutMs = 200;

function faulted(card: AnyToolCard, faults: readonly Fault[], calls: Map<string, number>): AnyToolCard {
  const { kind: _kind, execute: real, ...fields } = card;
  const timeoutMs = faults.some((f) => f.kind === "timeout")
    ? Math.min(card.timeoutMs, sandboxTimeoutMs)
    : card.timeoutMs;
  const execute = async (input: unknown, context: ToolContext) => {
    const call = (calls.get(card.name) ?? 0) + 1;
    calls.set(card.name, call);
    const fault = faults.find((f) => f.calls === undefined || f.calls.includes(call));
    if (fault === undefined) return real(input, context);
    switch (fault.kind) {
      case "timeout":
        return waitForAbort(context.signal);
      case "error":
        throw new Error(fault.message ?? "injected fault");
      case "slow":
        await abortableDelay(fault.delayMs ?? Math.floor(card.timeoutMs / 2), context.signal);
        return real(input, context);
      case "malformed":
        return fault.output;
      case "inject":
        return fault.fields === undefined
          ? injectText(await real(input, context), fault.text ?? defaultInjection, card.output)
          : appendAtPaths(await real(input, context), fault.text ?? defaultInjection, fault.fields).value;
    }
  };
  return defineTool({ ...fields, timeoutMs, execute });
}
