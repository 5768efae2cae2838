import type { LanguageModelV3 } from "@ai-sdk/provider";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import { leanFetch } from "./lean-fetch.js";
import { type ModelProvider, parseModelSpec } from "./parse-model-spec.js";

/** Options of {@link resolveModel}. */
export interface ResolveModelOptions {
  /** Where API keys and base URLs are read from; defaults to `process.env`. */
  env?: Record<string, string | undefined>;
  /** The fetch the provider uses for HTTP; defaults to a lean one over undici's `request` (see `leanFetch`). */
  fetch?: typeof fetch;
}

/** A model built from a model spec (`provider:model-id`). */
export interface ResolvedModel {
  /** The model, ready for generateText / streamText. */
  model: LanguageModelV3;
  /** The provider named in the spec, e.g. `openai` or `openai-compatible`. */
  provider: ModelProvider;
  /** The model id, e.g. `gpt-4.1-mini`. */
  modelId: string;
}

/** The fetch the providers of `resolveModel` use unless given one: `leanFetch`, undici loaded on first use. */
export async function modelFetch(): Promise<typeof fetch> {
  return leanFetch((await import("undici")).request);
}

/** Default base URL of a local Ollama server's OpenAI-compatible API. */
export const defaultOllamaBaseURL = "http://127.0.0.1:11434/v1";

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}

function requireKey(env: Record<string, string | undefined>, variable: string, spec: string): string {
  const key = nonEmpty(env[variable]);
  if (key !== undefined) return key;
  throw new UserError({
    code: ErrorCode.ModelKeyMissing,
    message: `model ${JSON.stringify(spec)} needs an API key: set ${variable} in the environment.`,
    option: "model",
    hint: `export ${variable}=… (or put it in the environment of the process running Reins).`,
  });
}

/**
 * Builds a LanguageModelV3 from a model spec (`openai:<id>`, `anthropic:<id>`, `google:<id>`,
 * `ollama:<id>`, `openai-compatible:<base-url>#<id>`), reading keys from the environment. It makes no
 * network request. Throws a `ModelSpecInvalid` UserError for a bad spec and `ModelKeyMissing` naming
 * the variable to set when a required key is absent.
 *
 * Asynchronous because each provider's package is loaded only when a spec names it: loading all four slowed the start
 * of every process that never talks to a model (a function agent's evaluation, `reins validate`).
 */
export async function resolveModel(spec: string, options: ResolveModelOptions = {}): Promise<ResolvedModel> {
  const env = options.env ?? process.env;
  const parsed = parseModelSpec(spec);
  const fetchOption = { fetch: options.fetch ?? (await modelFetch()) };
  const { provider, modelId } = parsed;
  switch (parsed.provider) {
    case "openai": {
      const apiKey = requireKey(env, "OPENAI_API_KEY", spec);
      const baseURL = nonEmpty(env.OPENAI_BASE_URL);
      const { createOpenAI } = await import("@ai-sdk/openai");
      const openai = createOpenAI({ apiKey, ...(baseURL === undefined ? {} : { baseURL }), ...fetchOption });
      return { model: openai.chat(modelId), provider, modelId };
    }
    case "anthropic": {
      const apiKey = requireKey(env, "ANTHROPIC_API_KEY", spec);
      const { createAnthropic } = await import("@ai-sdk/anthropic");
      const anthropic = createAnthropic({
        apiKey,
        ...fetchOption,
      });
      return { model: anthropic.languageModel(modelId), provider, modelId };
    }
    case "google": {
      const apiKey = requireKey(env, "GOOGLE_GENERATIVE_AI_API_KEY", spec);
      const { createGoogleGenerativeAI } = await import("@ai-sdk/google");
      const google = createGoogleGenerativeAI({ apiKey, ...fetchOption });
      return { model: google.languageModel(modelId), provider, modelId };
    }
    case "ollama": {
      const baseURL = nonEmpty(env.OLLAMA_BASE_URL) ?? defaultOllamaBaseURL;
      const { createOpenAICompatible } = await import("@ai-sdk/openai-compatible");
      const ollama = createOpenAICompatible({ name: "ollama", baseURL, includeUsage: true, ...fetchOption });
      return { model: ollama.chatModel(modelId), provider, modelId };
    }
    case "openai-compatible": {
      const apiKey = nonEmpty(env.OPENAI_COMPATIBLE_API_KEY);
      const { createOpenAICompatible } = await import("@ai-sdk/openai-compatible");
      const compatible = createOpenAICompatible({
        name: "openai-compatible",
        baseURL: parsed.baseURL,
        includeUsage: true,
        ...(apiKey === undefined ? {} : { apiKey }),
        ...fetchOption,
      });
      return { model: compatible.chatModel(modelId), provider, modelId };
    }
  }
}
