import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";

/** Providers whose spec is `<provider>:<model-id>`. */
export const namedProviders = ["openai", "anthropic", "google", "ollama"] as const;

/** A provider Reins can build a model for. */
export type ModelProvider = (typeof namedProviders)[number] | "openai-compatible";

/** A parsed model spec (`provider:model-id`). */
export type ModelSpec =
  | { provider: (typeof namedProviders)[number]; modelId: string }
  | { provider: "openai-compatible"; baseURL: string; modelId: string };

/** The accepted model spec forms, as shown in error messages. */
export const acceptedModelForms =
  "openai:<model-id>, anthropic:<model-id>, google:<model-id>, ollama:<model-id>, " +
  "openai-compatible:<base-url>#<model-id>";

function invalid(spec: string, reason: string): UserError {
  return new UserError({
    code: ErrorCode.ModelSpecInvalid,
    message: `model ${JSON.stringify(spec)}: ${reason}. Accepted forms: ${acceptedModelForms}`,
    option: "model",
    hint: "name a model as provider:model-id, e.g. openai:gpt-4.1-mini or ollama:qwen2.5",
  });
}

function isNamedProvider(provider: string): provider is (typeof namedProviders)[number] {
  return (namedProviders as readonly string[]).includes(provider);
}

function parseCompatible(spec: string, rest: string): ModelSpec {
  const hash = rest.lastIndexOf("#");
  if (hash === -1) throw invalid(spec, "an openai-compatible model needs #<model-id> after the base URL");
  const baseURL = rest.slice(0, hash);
  const modelId = rest.slice(hash + 1);
  if (modelId === "") throw invalid(spec, "the model id after # is empty");
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    throw invalid(spec, `${JSON.stringify(baseURL)} is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw invalid(spec, `the base URL must start with http:// or https://, not ${url.protocol}//`);
  }
  return { provider: "openai-compatible", baseURL: baseURL.replace(/\/+$/, ""), modelId };
}

/**
 * Parses a model spec: `openai:gpt-4.1-mini`, `ollama:qwen2.5:7b` (the model id may contain colons),
 * `openai-compatible:http://host:8000/v1#my-model`. Throws a `ModelSpecInvalid` UserError showing the
 * accepted forms.
 */
export function parseModelSpec(spec: string): ModelSpec {
  const trimmed = spec.trim();
  const colon = trimmed.indexOf(":");
  if (colon === -1) throw invalid(spec, "expected <provider>:<model-id>");
  const provider = trimmed.slice(0, colon);
  const rest = trimmed.slice(colon + 1);
  if (provider === "openai-compatible") return parseCompatible(spec, rest);
  if (!isNamedProvider(provider)) throw invalid(spec, `unknown provider ${JSON.stringify(provider)}`);
  if (rest === "") throw invalid(spec, "the model id is empty");
  if (/\s/.test(rest)) throw invalid(spec, "the model id contains whitespace");
  return { provider, modelId: rest };
}
