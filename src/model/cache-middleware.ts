import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3GenerateResult,
  LanguageModelV3Middleware,
} from "@ai-sdk/provider";
import { hashJson } from "../hash/canonical-hash.js";
import type { Store } from "../store/store.js";
import { asLanguageModelV3, type LanguageModel } from "./language-model.js";

/** Options of {@link cacheMiddleware} and {@link cachedModel}. */
export interface CachedModelOptions {
  /** Where answers are kept (`store.modelCache`); the real store, so that a re-run finds them. */
  store: Store;
  /** The trial index: the same request in another trial is another key, so that trials stay independent. */
  trial: number;
  /** Keeps caches apart that must not share answers (e.g. a prompt experiment); defaults to none. */
  namespace?: string;
  /**
   * Whether an answer may be kept: one it refuses is passed on uncached (asked again next time). `reins eval` refuses
   * an answer holding a charter-redacted field or a secret, so that the store never keeps one in clear. Default: all.
   */
  mayKeep?: (content: readonly LanguageModelV3Content[]) => boolean;
}

/** What identifies one model request in the cache. */
export interface ModelCacheKeyInput {
  provider: string;
  modelId: string;
  /** The call options as the AI SDK passes them; `abortSignal` and `headers` are left out of the key. */
  params: LanguageModelV3CallOptions;
  trial: number;
  namespace?: string;
}

/** A cached answer as stored: JSON, with file data as base64 and the response timestamp as ISO-8601. */
interface CachedAnswer {
  schemaVersion: 1;
  content: LanguageModelV3Content[];
  finishReason: LanguageModelV3GenerateResult["finishReason"];
  usage: LanguageModelV3GenerateResult["usage"];
  providerMetadata?: LanguageModelV3GenerateResult["providerMetadata"];
  warnings: LanguageModelV3GenerateResult["warnings"];
  response?: { id?: string; timestamp?: string; modelId?: string };
}

/** Bytes (file parts of a prompt or an answer) as base64 text, so that they hash and store as JSON. */
function bytesAsBase64(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (Array.isArray(value)) return value.map(bytesAsBase64);
  if (value === null || typeof value !== "object") return value;
  // A URL, a Date: JSON already has a form for them (their toJSON).
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, bytesAsBase64(item)]));
}

/** The cache key of a request: sha256 of the canonical JSON of provider, model, call options, trial and namespace. */
export function modelCacheKey(input: ModelCacheKeyInput): string {
  const { abortSignal: _abortSignal, headers: _headers, ...request } = input.params;
  return hashJson({
    provider: input.provider,
    modelId: input.modelId,
    request: bytesAsBase64(request),
    trial: input.trial,
    namespace: input.namespace ?? null,
  });
}

function toCached(result: LanguageModelV3GenerateResult): CachedAnswer {
  const { id, timestamp, modelId } = result.response ?? {};
  return {
    schemaVersion: 1,
    content: bytesAsBase64(result.content) as LanguageModelV3Content[],
    finishReason: result.finishReason,
    usage: result.usage,
    providerMetadata: result.providerMetadata,
    warnings: result.warnings,
    response: { id, timestamp: timestamp?.toISOString(), modelId },
  };
}

function isCachedAnswer(value: unknown): value is CachedAnswer {
  return (
    typeof value === "object" && value !== null && (value as { schemaVersion?: unknown }).schemaVersion === 1
  );
}

function fromCached(cached: CachedAnswer): LanguageModelV3GenerateResult {
  const { timestamp, ...response } = cached.response ?? {};
  return {
    content: cached.content,
    finishReason: cached.finishReason,
    usage: cached.usage,
    providerMetadata: cached.providerMetadata,
    warnings: cached.warnings,
    response: { ...response, timestamp: timestamp === undefined ? undefined : new Date(timestamp) },
  };
}

/**
 * A model middleware that answers a request it has answered before, in the same trial, from the store instead of
 * calling the model: re-running an evaluation costs nothing. Apply it with the AI SDK's `wrapLanguageModel` (or
 * {@link cachedModel}). The key is {@link modelCacheKey}: the same request in another trial or namespace is asked
 * again. Only `doGenerate` (what the model loop calls) is cached; streams pass through uncached. An answer whose
 * finish reason is `error` is not cached, nor are the raw request and response bodies; file data in an answer comes
 * back as base64.
 */
export function cacheMiddleware(options: CachedModelOptions): LanguageModelV3Middleware {
  const { store, trial, namespace, mayKeep = () => true } = options;
  return {
    specificationVersion: "v3",
    async wrapGenerate({ doGenerate, params, model }) {
      const key = modelCacheKey({
        provider: model.provider,
        modelId: model.modelId,
        params,
        trial,
        namespace,
      });
      const cached = await store.modelCache.get(key);
      if (isCachedAnswer(cached)) return fromCached(cached);
      const result = await doGenerate();
      if (result.finishReason.unified !== "error" && mayKeep(result.content))
        await store.modelCache.put(key, toCached(result));
      return result;
    },
  };
}

/**
 * `model` wrapped in {@link cacheMiddleware}. Async: `ai` is loaded here, not at start-up, where most runs never need
 * it. A v4 (AI SDK 7) model is wrapped through its v3 view, so its requests are keyed as the same requests to a v3
 * model of the same provider and id are: the key is made from what Reins asks, before the translation to v4.
 */
export async function cachedModel(
  model: LanguageModel,
  options: CachedModelOptions,
): Promise<LanguageModelV3> {
  const { wrapLanguageModel } = await import("ai");
  return wrapLanguageModel({
    model: asLanguageModelV3(model, "model"),
    middleware: cacheMiddleware(options),
  });
}
