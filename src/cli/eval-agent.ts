import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import { holdsNothingRedacted } from "../eval/cacheable-answer.js";
import type { Suite } from "../eval/suite.js";
import { cacheMiddleware } from "../model/cache-middleware.js";
import { resolveModel } from "../model/resolve-model.js";
import { type Agent, modelAgent } from "../runtime/agent.js";
import type { Store } from "../store/store.js";
import { withFlags } from "./cli-terms.js";

/**
 * The agent an evaluation runs, per trial: `--model` (its answers cached in the store unless `--no-cache`), else the
 * suite's baseline agent. `reins eval` and `reins worker` both build it here, so a queued trial runs the agent a
 * local one would.
 */
export async function evalAgent(options: {
  suite: Suite;
  model: string | null;
  cache: boolean;
  store: Store;
}): Promise<(trial: number) => Agent> {
  const { suite, store } = options;
  const spec = options.model;
  if (spec) {
    const { model } = await withFlags({ model: "--model" }, () => resolveModel(spec));
    // `ai` is loaded only by an evaluation that caches: nothing else in the CLI needs it.
    const wrap = options.cache ? (await import("ai")).wrapLanguageModel : undefined;
    // An answer holding a redacted field or a secret is not cached: the store keeps nothing in clear.
    const mayKeep = holdsNothingRedacted(suite.charter.redact);
    return (trial) =>
      modelAgent(wrap ? wrap({ model, middleware: cacheMiddleware({ store, trial, mayKeep }) }) : model, {
        name: spec,
      });
  }
  const baseline = suite.baseline;
  if (baseline) return () => baseline;
  throw new UserError({
    code: ErrorCode.Usage,
    message: `suite ${suite.name} has no baseline agent; pass --model <provider:model> or export one from agent.ts`,
  });
}
