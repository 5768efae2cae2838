import { createOpenAI } from "@ai-sdk/openai-v4";
import type * as V4 from "@ai-sdk/provider-v4";
import { describe, expect, it } from "vitest";
import type { LanguageModelV4 } from "../../src/model/language-model-v4.js";
import { scriptedModel } from "../../src/testing/index.js";

// Reins writes the v4 specification out structurally (its package is a devDependency only). These assignments are
// checked by `tsc --noEmit` (the test files are in tsconfig's `include`): they stop compiling when the package and
// Reins' copy drift apart.
type Generated = Awaited<ReturnType<LanguageModelV4["doGenerate"]>>;
type Options = Parameters<LanguageModelV4["doGenerate"]>[0];
type Streamed =
  Awaited<ReturnType<LanguageModelV4["doStream"]>>["stream"] extends ReadableStream<infer P> ? P : never;

const fromPackage = (model: V4.LanguageModelV4): LanguageModelV4 => model;
const toPackage = (model: LanguageModelV4): V4.LanguageModelV4 => model;
const answers = (result: V4.LanguageModelV4GenerateResult): Generated => result;
const asks = (options: Options): V4.LanguageModelV4CallOptions => options;
const streams = (part: V4.LanguageModelV4StreamPart): Streamed => part;

describe("Reins' v4 model types", () => {
  it("take an AI SDK 7 provider's model, and are taken where the package's LanguageModelV4 is expected", () => {
    const openai = createOpenAI({ apiKey: "unused", baseURL: "http://127.0.0.1:1/v1" });
    const chat: LanguageModelV4 = openai.chat("m");
    const responses: LanguageModelV4 = openai("m");
    const scripted: V4.LanguageModelV4 = scriptedModel({ specification: "v4", steps: [] });
    expect([chat, responses, scripted].map((m) => m.specificationVersion)).toEqual(["v4", "v4", "v4"]);
    expect([fromPackage, toPackage, answers, asks, streams].map((f) => typeof f)).toEqual(
      Array(5).fill("function"),
    );
  });
});
