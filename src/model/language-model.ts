import type { LanguageModelV3 } from "@ai-sdk/provider";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import type { LanguageModelV4 } from "./language-model-v4.js";
import { languageModelV3Of } from "./language-model-v4-adapter.js";

/**
 * A language model Reins drives: one of the v3 specification (AI SDK 6 providers, `resolveModel`,
 * `wrapLanguageModel` of `ai@6`) or of the v4 specification (AI SDK 7 providers, e.g. `openai("gpt-5")` of
 * `@ai-sdk/openai@4`).
 */
export type LanguageModel = LanguageModelV3 | LanguageModelV4;

/** The language model specifications Reins drives, by `specificationVersion`. */
export const acceptedModelSpecifications = ["v3", "v4"] as const;

const accepted = 'specificationVersion "v3" (AI SDK 6 providers) or "v4" (AI SDK 7 providers)';
const hint =
  'pass a provider\'s model object, e.g. openai("gpt-4.1-mini") from @ai-sdk/openai 3.x (AI SDK 6) or 4.x (AI SDK 7), or (await resolveModel("openai:gpt-4.1-mini")).model';

/**
 * The model as Reins' loop calls it: a v3 model as is, a v4 model through its v3 view (see
 * `language-model-v4-adapter.ts`: requests are translated down to v4, answers back to v3). Anything else, a v2 model
 * of AI SDK 5, a model id string or another object, is a `ModelUnsupported` UserError naming `option` (the option the
 * model was passed as, e.g. `agent.model`), the `specificationVersion` it has and the ones accepted.
 */
export function asLanguageModelV3(model: unknown, option = "model"): LanguageModelV3 {
  const version = specificationOf(model);
  if (version === "v3" || version === "v4") {
    const missing = ["doGenerate", "doStream"].filter(
      (method) => typeof (model as Record<string, unknown>)[method] !== "function",
    );
    if (missing.length > 0) {
      throw unsupported(
        option,
        `${option} says specificationVersion "${version}" but has no ${missing.join(" or ")} method`,
      );
    }
    return version === "v3" ? (model as LanguageModelV3) : languageModelV3Of(model as LanguageModelV4);
  }
  throw unsupported(
    option,
    `${option} must be an AI SDK language model with ${accepted}; ${describe(model)}`,
  );
}

function specificationOf(model: unknown): unknown {
  return typeof model === "object" && model !== null
    ? (model as { specificationVersion?: unknown }).specificationVersion
    : undefined;
}

function describe(model: unknown): string {
  if (typeof model === "string") return `got the string ${JSON.stringify(model.slice(0, 80))}`;
  if (typeof model !== "object" || model === null) return `got ${model === null ? "null" : typeof model}`;
  const version = (model as { specificationVersion?: unknown }).specificationVersion;
  if (version === undefined) return "got an object without specificationVersion";
  if (version === "v2")
    return 'got specificationVersion "v2" (an AI SDK 5 provider): upgrade the provider package to 3.x or 4.x';
  return `got specificationVersion ${JSON.stringify(version)}`;
}

function unsupported(option: string, message: string): UserError {
  return new UserError({ code: ErrorCode.ModelUnsupported, message, option, hint });
}
