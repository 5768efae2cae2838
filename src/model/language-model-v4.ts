import type {
  JSONSchema7,
  LanguageModelV3ProviderTool,
  LanguageModelV3ToolChoice,
  LanguageModelV3Usage,
} from "@ai-sdk/provider";

// The AI SDK 7 language model specification (`@ai-sdk/provider@4`, "v4"), as far as Reins reads or writes it. Written
// out structurally rather than imported: that package is not a dependency of Reins (its `engines` say Node 22), and
// the declarations users get must not name it. `test/model/language-model-v4-types.test.ts` checks both ways that
// these types and the package's agree: an AI SDK 7 provider's model is a `LanguageModelV4` here, and the scripted
// model's v4 form is one there. Where v4 kept v3's shape exactly (tool choice, provider tools, token counts) the v3
// types are reused.

/** v4's JSON values: v3's, with read-only objects and arrays. */
type JSONValue = null | string | number | boolean | Readonly<JSONObject> | readonly JSONValue[];
type JSONObject = { [key: string]: JSONValue | undefined };
type ProviderOptions = Record<string, JSONObject>;
type ProviderMetadata = Record<string, JSONObject>;
type ResponseHeaders = Record<string, string>;
type Usage = Omit<LanguageModelV3Usage, "raw"> & { raw?: JSONObject };

/** File data in v4: tagged, where v3 had bytes, a base64 string or a URL. */
export type LanguageModelV4FileData =
  | { type: "data"; data: Uint8Array | string }
  | { type: "url"; url: URL; originalUrl?: string }
  | { type: "reference"; reference: Record<string, string> }
  | { type: "text"; text: string };

export interface LanguageModelV4TextPart {
  type: "text";
  text: string;
  providerOptions?: ProviderOptions;
}

export interface LanguageModelV4ReasoningPart {
  type: "reasoning";
  text: string;
  providerOptions?: ProviderOptions;
}

export interface LanguageModelV4FilePart {
  type: "file";
  filename?: string;
  data: LanguageModelV4FileData;
  mediaType: string;
  providerOptions?: ProviderOptions;
}

/** v4 only: a file generated as part of reasoning. */
export interface LanguageModelV4ReasoningFilePart {
  type: "reasoning-file";
  data: Extract<LanguageModelV4FileData, { type: "data" | "url" }>;
  mediaType: string;
  providerOptions?: ProviderOptions;
}

/** v4 only: a provider-specific part (e.g. OpenAI's `openai.compaction`). */
export interface LanguageModelV4CustomPart {
  type: "custom";
  kind: `${string}.${string}`;
  providerOptions?: ProviderOptions;
}

export interface LanguageModelV4ToolCallPart {
  type: "tool-call";
  toolCallId: string;
  toolName: string;
  input: unknown;
  providerExecuted?: boolean;
  providerOptions?: ProviderOptions;
}

/** A part of a tool result's `content` output: v4 has one `file` part where v3 had `file-data`, `image-url`, …. */
export type LanguageModelV4ToolResultContentPart =
  | { type: "text"; text: string; providerOptions?: ProviderOptions }
  | {
      type: "file";
      data: LanguageModelV4FileData;
      mediaType: string;
      filename?: string;
      providerOptions?: ProviderOptions;
    }
  | { type: "custom"; providerOptions?: ProviderOptions };

export type LanguageModelV4ToolResultOutput =
  | { type: "text"; value: string; providerOptions?: ProviderOptions }
  | { type: "json"; value: JSONValue; providerOptions?: ProviderOptions }
  | { type: "execution-denied"; reason?: string; providerOptions?: ProviderOptions }
  | { type: "error-text"; value: string; providerOptions?: ProviderOptions }
  | { type: "error-json"; value: JSONValue; providerOptions?: ProviderOptions }
  | { type: "content"; value: LanguageModelV4ToolResultContentPart[] };

export interface LanguageModelV4ToolResultPart {
  type: "tool-result";
  toolCallId: string;
  toolName: string;
  output: LanguageModelV4ToolResultOutput;
  providerOptions?: ProviderOptions;
}

export interface LanguageModelV4ToolApprovalResponsePart {
  type: "tool-approval-response";
  approvalId: string;
  approved: boolean;
  reason?: string;
  providerOptions?: ProviderOptions;
}

export type LanguageModelV4Message = (
  | { role: "system"; content: string }
  | { role: "user"; content: Array<LanguageModelV4TextPart | LanguageModelV4FilePart> }
  | {
      role: "assistant";
      content: Array<
        | LanguageModelV4TextPart
        | LanguageModelV4FilePart
        | LanguageModelV4CustomPart
        | LanguageModelV4ReasoningPart
        | LanguageModelV4ReasoningFilePart
        | LanguageModelV4ToolCallPart
        | LanguageModelV4ToolResultPart
      >;
    }
  | { role: "tool"; content: Array<LanguageModelV4ToolResultPart | LanguageModelV4ToolApprovalResponsePart> }
) & { providerOptions?: ProviderOptions };

export type LanguageModelV4Prompt = LanguageModelV4Message[];

export interface LanguageModelV4FunctionTool {
  type: "function";
  name: string;
  description?: string;
  inputSchema: JSONSchema7;
  inputExamples?: Array<{ input: JSONObject }>;
  strict?: boolean;
  providerOptions?: ProviderOptions;
}

/** v4's call options: v3's, with v4 prompts and the new `reasoning` effort. */
export interface LanguageModelV4CallOptions {
  prompt: LanguageModelV4Prompt;
  maxOutputTokens?: number;
  temperature?: number;
  stopSequences?: string[];
  topP?: number;
  topK?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  responseFormat?:
    | { type: "text" }
    | { type: "json"; schema?: JSONSchema7; name?: string; description?: string };
  seed?: number;
  tools?: Array<LanguageModelV4FunctionTool | LanguageModelV3ProviderTool>;
  toolChoice?: LanguageModelV3ToolChoice;
  includeRawChunks?: boolean;
  abortSignal?: AbortSignal;
  headers?: Record<string, string | undefined>;
  reasoning?: "provider-default" | "none" | "minimal" | "low" | "medium" | "high" | "xhigh" | "max";
  providerOptions?: ProviderOptions;
}

type LanguageModelV4Source =
  | {
      type: "source";
      sourceType: "url";
      id: string;
      url: string;
      title?: string;
      providerMetadata?: ProviderMetadata;
    }
  | {
      type: "source";
      sourceType: "document";
      id: string;
      mediaType: string;
      title: string;
      filename?: string;
      providerMetadata?: ProviderMetadata;
    };

/** v4 only: a reference supporting generated text. */
export interface LanguageModelV4Citation {
  source: LanguageModelV4Source;
  startIndex?: number;
  endIndex?: number;
  citedText?: string;
}

type GeneratedFileData = Extract<LanguageModelV4FileData, { type: "data" | "url" }>;

/** A part of a v4 answer. */
export type LanguageModelV4Content =
  | { type: "text"; text: string; citations?: LanguageModelV4Citation[]; providerMetadata?: ProviderMetadata }
  | { type: "reasoning"; text: string; providerMetadata?: ProviderMetadata }
  | { type: "custom"; kind: `${string}.${string}`; providerMetadata?: ProviderMetadata }
  | {
      type: "reasoning-file";
      mediaType: string;
      data: GeneratedFileData;
      providerMetadata?: ProviderMetadata;
    }
  | { type: "file"; mediaType: string; data: GeneratedFileData; providerMetadata?: ProviderMetadata }
  | {
      type: "tool-approval-request";
      approvalId: string;
      toolCallId: string;
      providerMetadata?: ProviderMetadata;
    }
  | LanguageModelV4Source
  | {
      type: "tool-call";
      toolCallId: string;
      toolName: string;
      input: string;
      providerExecuted?: boolean;
      dynamic?: boolean;
      providerMetadata?: ProviderMetadata;
    }
  | {
      type: "tool-result";
      toolCallId: string;
      toolName: string;
      result: NonNullable<JSONValue>;
      isError?: boolean;
      preliminary?: boolean;
      dynamic?: boolean;
      providerMetadata?: ProviderMetadata;
    };

/** v4 adds `interrupted`: the provider's stream ended without saying it was complete. */
export interface LanguageModelV4FinishReason {
  unified: "stop" | "length" | "content-filter" | "tool-calls" | "error" | "interrupted" | "other";
  raw: string | undefined;
}

/** v4 adds `deprecated` to v3's warnings. */
export type LanguageModelV4Warning =
  | { type: "unsupported"; feature: string; details?: string }
  | { type: "compatibility"; feature: string; details?: string }
  | { type: "deprecated"; setting: string; message: string }
  | { type: "other"; message: string };

export interface LanguageModelV4ResponseMetadata {
  id?: string;
  timestamp?: Date;
  modelId?: string;
}

export interface LanguageModelV4GenerateResult {
  content: LanguageModelV4Content[];
  structuredOutputText?: string;
  finishReason: LanguageModelV4FinishReason;
  usage: Usage;
  providerMetadata?: ProviderMetadata;
  request?: { url?: string; body?: unknown };
  response?: LanguageModelV4ResponseMetadata & { headers?: ResponseHeaders; body?: unknown };
  warnings: LanguageModelV4Warning[];
}

export type LanguageModelV4StreamPart =
  | { type: "text-start"; id: string; providerMetadata?: ProviderMetadata }
  | { type: "text-delta"; id: string; delta: string; providerMetadata?: ProviderMetadata }
  | {
      type: "text-end";
      id: string;
      citations?: LanguageModelV4Citation[];
      providerMetadata?: ProviderMetadata;
    }
  | { type: "reasoning-start"; id: string; providerMetadata?: ProviderMetadata }
  | { type: "reasoning-delta"; id: string; delta: string; providerMetadata?: ProviderMetadata }
  | { type: "reasoning-end"; id: string; providerMetadata?: ProviderMetadata }
  | {
      type: "tool-input-start";
      id: string;
      toolName: string;
      inputEncoding?: "json" | "text";
      providerMetadata?: ProviderMetadata;
      providerExecuted?: boolean;
      dynamic?: boolean;
      title?: string;
    }
  | { type: "tool-input-delta"; id: string; delta: string; providerMetadata?: ProviderMetadata }
  | { type: "tool-input-end"; id: string; providerMetadata?: ProviderMetadata }
  | Exclude<LanguageModelV4Content, { type: "text" | "reasoning" }>
  | { type: "stream-start"; warnings: LanguageModelV4Warning[] }
  | ({ type: "response-metadata" } & LanguageModelV4ResponseMetadata)
  | {
      type: "finish";
      usage: Usage;
      finishReason: LanguageModelV4FinishReason;
      providerMetadata?: ProviderMetadata;
    }
  | { type: "ping" }
  | { type: "raw"; rawValue: unknown }
  | { type: "error"; error: unknown };

export interface LanguageModelV4StreamResult {
  stream: ReadableStream<LanguageModelV4StreamPart>;
  request?: { url?: string; body?: unknown };
  response?: { headers?: ResponseHeaders };
}

/** A language model of the v4 specification: what AI SDK 7's providers return (`openai("gpt-5")`, …). */
export interface LanguageModelV4 {
  readonly specificationVersion: "v4";
  readonly provider: string;
  readonly modelId: string;
  readonly supportedUrls: PromiseLike<Record<string, RegExp[]>> | Record<string, RegExp[]>;
  doGenerate(options: LanguageModelV4CallOptions): PromiseLike<LanguageModelV4GenerateResult>;
  doStream(options: LanguageModelV4CallOptions): PromiseLike<LanguageModelV4StreamResult>;
}
