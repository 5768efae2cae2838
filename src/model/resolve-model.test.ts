import { generateText } from "ai";
import { describe, expect, it } from "vitest";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import { resolveModel } from "./resolve-model.js";

const keys = {
  OPENAI_API_KEY: "sk-openai",
  ANTHROPIC_API_KEY: "sk-anthropic",
  GOOGLE_GENERATIVE_AI_API_KEY: "g-key",
};

interface SeenRequest {
  url: string;
  authorization: string | null;
  apiKeyHeader: string | null;
}

/** A fetch that records the request and fails, so no byte leaves the process. */
function offlineFetch(seen: SeenRequest[]): typeof fetch {
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    seen.push({
      url: String(input),
      authorization: headers.get("authorization"),
      apiKeyHeader: headers.get("x-api-key") ?? headers.get("x-goog-api-key"),
    });
    throw new Error("offline");
  };
}

async function firstRequest(spec: string, env: Record<string, string | undefined>): Promise<SeenRequest> {
  const seen: SeenRequest[] = [];
  const { model } = await resolveModel(spec, { env, fetch: offlineFetch(seen) });
  await expect(generateText({ model, prompt: "hi", maxRetries: 0 })).rejects.toThrow();
  const [request] = seen;
  if (request === undefined) throw new Error(`${spec} made no request`);
  return request;
}

async function failure(spec: string, env: Record<string, string | undefined>) {
  try {
    await resolveModel(spec, { env });
  } catch (error) {
    if (!UserError.isInstance(error)) throw error;
    return {
      code: error.code,
      message: error.message,
      option: error.option,
      path: error.path,
      hint: error.hint,
    };
  }
  throw new Error(`expected ${spec} to fail`);
}

describe("resolveModel builds each provider without touching the network", () => {
  const cases: [string, string, string, string][] = [
    ["openai:gpt-4.1-mini", "openai", "openai.chat", "gpt-4.1-mini"],
    ["anthropic:claude-sonnet-4-5", "anthropic", "anthropic.messages", "claude-sonnet-4-5"],
    ["google:gemini-2.5-flash", "google", "google.generative-ai", "gemini-2.5-flash"],
    ["ollama:qwen2.5:7b", "ollama", "ollama.chat", "qwen2.5:7b"],
    ["openai-compatible:http://127.0.0.1:9/v1#local", "openai-compatible", "openai-compatible.chat", "local"],
  ];

  it.each(cases)("%s", async (spec, provider, modelProvider, modelId) => {
    const resolved = await resolveModel(spec, { env: keys });
    expect([resolved.provider, resolved.modelId]).toEqual([provider, modelId]);
    expect([resolved.model.specificationVersion, resolved.model.provider, resolved.model.modelId]).toEqual([
      "v3",
      modelProvider,
      modelId,
    ]);
  });
});

describe("resolveModel wires keys and base URLs into the requests", () => {
  it("openai: the chat completions endpoint with a bearer key, or OPENAI_BASE_URL", async () => {
    expect(await firstRequest("openai:gpt-4.1-mini", keys)).toEqual({
      url: "https://api.openai.com/v1/chat/completions",
      authorization: "Bearer sk-openai",
      apiKeyHeader: null,
    });
    const proxied = await firstRequest("openai:gpt-4.1-mini", {
      ...keys,
      OPENAI_BASE_URL: "http://127.0.0.1:9/v1",
    });
    expect(proxied.url).toBe("http://127.0.0.1:9/v1/chat/completions");
  });

  it("anthropic: the messages endpoint with x-api-key", async () => {
    expect(await firstRequest("anthropic:claude-sonnet-4-5", keys)).toEqual({
      url: "https://api.anthropic.com/v1/messages",
      authorization: null,
      apiKeyHeader: "sk-anthropic",
    });
  });

  it("google: generateContent with x-goog-api-key", async () => {
    expect(await firstRequest("google:gemini-2.5-flash", keys)).toEqual({
      url: "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent",
      authorization: null,
      apiKeyHeader: "g-key",
    });
  });

  it("ollama: the local server by default, no key, or OLLAMA_BASE_URL", async () => {
    expect(await firstRequest("ollama:qwen2.5", {})).toEqual({
      url: "http://127.0.0.1:11434/v1/chat/completions",
      authorization: null,
      apiKeyHeader: null,
    });
    const remote = await firstRequest("ollama:qwen2.5", { OLLAMA_BASE_URL: "http://10.0.0.5:11434/v1" });
    expect(remote.url).toBe("http://10.0.0.5:11434/v1/chat/completions");
  });

  it("openai-compatible: the given base URL, with OPENAI_COMPATIBLE_API_KEY when set", async () => {
    const spec = "openai-compatible:http://127.0.0.1:9/v1#local";
    expect(await firstRequest(spec, {})).toEqual({
      url: "http://127.0.0.1:9/v1/chat/completions",
      authorization: null,
      apiKeyHeader: null,
    });
    expect((await firstRequest(spec, { OPENAI_COMPATIBLE_API_KEY: "k-1" })).authorization).toBe("Bearer k-1");
  });
});

describe("resolveModel errors", () => {
  const missing: [string, string][] = [
    ["openai:gpt-4.1-mini", "OPENAI_API_KEY"],
    ["anthropic:claude-sonnet-4-5", "ANTHROPIC_API_KEY"],
    ["google:gemini-2.5-flash", "GOOGLE_GENERATIVE_AI_API_KEY"],
  ];

  it.each(missing)("%s without a key names %s", async (spec, variable) => {
    expect(await failure(spec, {})).toEqual({
      code: ErrorCode.ModelKeyMissing,
      message: `model ${JSON.stringify(spec)} needs an API key: set ${variable} in the environment.`,
      option: "model",
      path: undefined,
      hint: `export ${variable}=… (or put it in the environment of the process running Reins).`,
    });
    expect((await failure(spec, { [variable]: "  " })).code).toBe(ErrorCode.ModelKeyMissing);
  });

  it("rejects a bad spec with ModelSpecInvalid before looking at keys", async () => {
    expect(await failure("mistral:large", {})).toEqual({
      code: ErrorCode.ModelSpecInvalid,
      message:
        'model "mistral:large": unknown provider "mistral". Accepted forms: openai:<model-id>, ' +
        "anthropic:<model-id>, google:<model-id>, ollama:<model-id>, openai-compatible:<base-url>#<model-id>",
      option: "model",
      path: undefined,
      hint: "name a model as provider:model-id, e.g. openai:gpt-4.1-mini or ollama:qwen2.5",
    });
    expect((await failure("openai-compatible:http://127.0.0.1:9/v1", {})).code).toBe(
      ErrorCode.ModelSpecInvalid,
    );
  });
});
