// reins/model: AI SDK models from `provider:model` specs (the CLI's model option), for `modelAgent`, and the response
// cache as a model middleware. Everything exported is listed by name.

export type { CachedModelOptions } from "./cache-middleware.js";
export { cachedModel, cacheMiddleware } from "./cache-middleware.js";
export type { LanguageModel } from "./language-model.js";
export { acceptedModelSpecifications, asLanguageModelV3 } from "./language-model.js";
export type { LanguageModelV4 } from "./language-model-v4.js";
export type { ModelProvider, ModelSpec } from "./parse-model-spec.js";
export { acceptedModelForms, parseModelSpec } from "./parse-model-spec.js";
export type { ResolvedModel, ResolveModelOptions } from "./resolve-model.js";
export { defaultOllamaBaseURL, resolveModel } from "./resolve-model.js";
