import { describe, expect, it } from "vitest";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import { type ModelSpec, parseModelSpec } from "./parse-model-spec.js";

const forms =
  "Accepted forms: openai:<model-id>, anthropic:<model-id>, google:<model-id>, ollama:<model-id>, " +
  "openai-compatible:<base-url>#<model-id>";

function failure(spec: string) {
  try {
    parseModelSpec(spec);
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
  throw new Error(`expected ${spec} to be rejected`);
}

describe("parseModelSpec", () => {
  const valid: [string, ModelSpec][] = [
    ["openai:gpt-4.1-mini", { provider: "openai", modelId: "gpt-4.1-mini" }],
    ["anthropic:claude-sonnet-4-5", { provider: "anthropic", modelId: "claude-sonnet-4-5" }],
    ["google:gemini-2.5-flash", { provider: "google", modelId: "gemini-2.5-flash" }],
    ["ollama:qwen2.5", { provider: "ollama", modelId: "qwen2.5" }],
    ["ollama:qwen2.5:7b", { provider: "ollama", modelId: "qwen2.5:7b" }],
    ["  openai:gpt-4o  ", { provider: "openai", modelId: "gpt-4o" }],
    [
      "openai-compatible:http://127.0.0.1:8000/v1#my-model",
      { provider: "openai-compatible", baseURL: "http://127.0.0.1:8000/v1", modelId: "my-model" },
    ],
    [
      "openai-compatible:https://llm.example.com/v1/#org/model:latest",
      { provider: "openai-compatible", baseURL: "https://llm.example.com/v1", modelId: "org/model:latest" },
    ],
  ];

  it.each(valid)("parses %s", (spec, expected) => {
    expect(parseModelSpec(spec)).toEqual(expected);
  });

  const invalid: [string, string][] = [
    ["gpt-4o", "expected <provider>:<model-id>"],
    ["", "expected <provider>:<model-id>"],
    ["azure:gpt-4o", 'unknown provider "azure"'],
    ["OpenAI:gpt-4o", 'unknown provider "OpenAI"'],
    ["openai:", "the model id is empty"],
    ["openai:gpt 4o", "the model id contains whitespace"],
    [
      "openai-compatible:http://127.0.0.1:8000/v1",
      "an openai-compatible model needs #<model-id> after the base URL",
    ],
    ["openai-compatible:http://127.0.0.1:8000/v1#", "the model id after # is empty"],
    ["openai-compatible:localhost-v1#m", '"localhost-v1" is not a URL'],
    ["openai-compatible:ftp://host/v1#m", "the base URL must start with http:// or https://, not ftp://"],
  ];

  it.each(invalid)("rejects %j: %s", (spec, reason) => {
    expect(failure(spec)).toEqual({
      code: ErrorCode.ModelSpecInvalid,
      message: `model ${JSON.stringify(spec)}: ${reason}. ${forms}`,
      option: "model",
      path: undefined,
      hint: "name a model as provider:model-id, e.g. openai:gpt-4.1-mini or ollama:qwen2.5",
    });
  });
});
