import {
  type LanguageModelV3,
  type LanguageModelV3CallOptions,
  type LanguageModelV3Content,
  type LanguageModelV3FilePart,
  type LanguageModelV3FinishReason,
  type LanguageModelV3GenerateResult,
  type LanguageModelV3Message,
  type LanguageModelV3StreamPart,
  type LanguageModelV3ToolResultOutput,
  type LanguageModelV3ToolResultPart,
  type SharedV3Warning,
  UnsupportedFunctionalityError,
} from "@ai-sdk/provider";
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4FilePart,
  LanguageModelV4FinishReason,
  LanguageModelV4GenerateResult,
  LanguageModelV4Message,
  LanguageModelV4StreamPart,
  LanguageModelV4ToolResultContentPart,
  LanguageModelV4ToolResultOutput,
  LanguageModelV4ToolResultPart,
  LanguageModelV4Warning,
} from "./language-model-v4.js";

// The one place where the v4 specification (AI SDK 7) meets Reins, whose loop, cache, transcripts and scripted model
// speak v3 (AI SDK 6). A v4 model is seen through a v3 view: requests go down translated to v4, answers come back
// translated to v3. What differs, and what the translation does with it:
//
// - file data is tagged in v4 (`{ type: "data", data }`, `{ type: "url", url }`, …) where v3 had bytes, base64 or a
//   URL: translated both ways; a v3 file's `originalUrl` moves into v4's URL data.
// - a tool result's `content` output has one v4 `file` part where v3 had `file-data`, `file-url`, `image-data`,
//   `image-url`, `file-id`, `image-file-id`: translated, except the v3 parts v4 cannot hold without a media type
//   (`file-url` without one, `file-id`), which throw the AI SDK's `UnsupportedFunctionalityError`. Reins' loop sends
//   only `json` and `error-text` outputs, which are the same in both.
// - call options: v4 adds `reasoning`, which a v3 request never sets; the rest is the same.
// - answers: v4's finish reason `interrupted` (the stream ended without saying it was complete, the output may be
//   cut short) becomes v3's `error`, so that nothing treats it as a complete answer (the response cache keeps no
//   `error` answer); warnings of type `deprecated` become `other` warnings; text citations and
//   `structuredOutputText` are left out. Parts v3 has no form for (`reasoning-file`, `custom`, a file given by URL)
//   are left out of the answer, and an `other` warning names each one left out: Reins offers only function tools and
//   asks for no files, so a provider sends them only when asked through its own provider options.
// - streams: the same, part by part; `tool-input-start`'s `inputEncoding` is left out (the final `tool-call` part
//   holds JSON in both), and parts with no v3 form are left out without a warning (a stream's warnings come first).
// - usage, tool calls, tool results, sources, approval requests, `supportedUrls`, provider and model id: unchanged.

/** The v3 view of a v4 model: what Reins' loop, `wrapLanguageModel` and the response cache call. */
export function languageModelV3Of(model: LanguageModelV4): LanguageModelV3 {
  return {
    specificationVersion: "v3",
    // Read through, not copied: providers are classes whose getters need the original object.
    get provider() {
      return model.provider;
    },
    get modelId() {
      return model.modelId;
    },
    get supportedUrls() {
      return model.supportedUrls;
    },
    async doGenerate(options) {
      return generateResultToV3(await model.doGenerate(callOptionsToV4(options)));
    },
    async doStream(options) {
      const result = await model.doStream(callOptionsToV4(options));
      const stream = result.stream.pipeThrough(
        new TransformStream<LanguageModelV4StreamPart, LanguageModelV3StreamPart>({
          transform(part, controller) {
            const translated = streamPartToV3(part);
            if (translated !== undefined) controller.enqueue(translated);
          },
        }),
      );
      return { ...result, stream };
    },
  };
}

/** A v3 request as v4 call options. */
export function callOptionsToV4(options: LanguageModelV3CallOptions): LanguageModelV4CallOptions {
  return { ...options, prompt: options.prompt.map(messageToV4) };
}

function messageToV4(message: LanguageModelV3Message): LanguageModelV4Message {
  switch (message.role) {
    case "system":
      return message;
    case "user":
      return {
        ...message,
        content: message.content.map((part) => (part.type === "file" ? filePartToV4(part) : part)),
      };
    case "assistant":
      return {
        ...message,
        content: message.content.map((part) =>
          part.type === "file"
            ? filePartToV4(part)
            : part.type === "tool-result"
              ? toolResultToV4(part)
              : part,
        ),
      };
    case "tool":
      return {
        ...message,
        content: message.content.map((part) => (part.type === "tool-result" ? toolResultToV4(part) : part)),
      };
  }
}

function filePartToV4(part: LanguageModelV3FilePart): LanguageModelV4FilePart {
  const { data, originalUrl, ...rest } = part;
  return {
    ...rest,
    data:
      data instanceof URL
        ? { type: "url", url: data, ...(originalUrl === undefined ? {} : { originalUrl }) }
        : { type: "data", data },
  };
}

function toolResultToV4(part: LanguageModelV3ToolResultPart): LanguageModelV4ToolResultPart {
  return { ...part, output: outputToV4(part.output, part.toolName) };
}

function outputToV4(
  output: LanguageModelV3ToolResultOutput,
  toolName: string,
): LanguageModelV4ToolResultOutput {
  if (output.type !== "content") return output;
  return { type: "content", value: output.value.map((item) => contentItemToV4(item, toolName)) };
}

type V3ContentItem = Extract<LanguageModelV3ToolResultOutput, { type: "content" }>["value"][number];

function contentItemToV4(item: V3ContentItem, toolName: string): LanguageModelV4ToolResultContentPart {
  const options = item.providerOptions === undefined ? {} : { providerOptions: item.providerOptions };
  switch (item.type) {
    case "text":
    case "custom":
      return item;
    case "file-data":
      return {
        type: "file",
        data: { type: "data", data: item.data },
        mediaType: item.mediaType,
        ...(item.filename === undefined ? {} : { filename: item.filename }),
        ...options,
      };
    case "image-data":
      return { type: "file", data: { type: "data", data: item.data }, mediaType: item.mediaType, ...options };
    case "image-url":
      return { type: "file", data: { type: "url", url: new URL(item.url) }, mediaType: "image", ...options };
    case "image-file-id":
      if (typeof item.fileId !== "string")
        return {
          type: "file",
          data: { type: "reference", reference: item.fileId },
          mediaType: "image",
          ...options,
        };
      break;
    case "file-url":
      if (item.mediaType !== undefined)
        return {
          type: "file",
          data: { type: "url", url: new URL(item.url) },
          mediaType: item.mediaType,
          ...options,
        };
      break;
    default:
      break;
  }
  throw new UnsupportedFunctionalityError({
    functionality: `a "${item.type}" part in the result of tool ${toolName}, for a v4 (AI SDK 7) model`,
    message: `the result of tool ${toolName} holds a "${item.type}" part ${item.type === "file-url" ? "without a media type " : ""}that the v4 language model specification cannot carry; give it a media type, or send its content as data`,
  });
}

/** A v4 answer as a v3 answer (see the notes at the top of this file for what changes). */
export function generateResultToV3(result: LanguageModelV4GenerateResult): LanguageModelV3GenerateResult {
  const content: LanguageModelV3Content[] = [];
  const left: string[] = [];
  for (const part of result.content) {
    const translated = contentToV3(part);
    if (translated === undefined) left.push(describePart(part));
    else content.push(translated);
  }
  const { structuredOutputText: _structured, content: _content, finishReason, warnings, ...rest } = result;
  return {
    ...(rest as Omit<LanguageModelV3GenerateResult, "content" | "finishReason" | "warnings">),
    content,
    finishReason: finishReasonToV3(finishReason),
    warnings: [
      ...warnings.map(warningToV3),
      ...left.map(
        (part): SharedV3Warning => ({
          type: "other",
          message: `the model's answer held ${part}, which the v3 language model specification has no form for: Reins left it out`,
        }),
      ),
    ],
  };
}

function describePart(part: LanguageModelV4Content): string {
  if (part.type === "custom") return `a custom part (${part.kind})`;
  if (part.type === "file") return `a file given by URL (${part.mediaType})`;
  return `a ${part.type} part`;
}

function contentToV3(part: LanguageModelV4Content): LanguageModelV3Content | undefined {
  switch (part.type) {
    case "text": {
      const { citations: _citations, ...text } = part;
      return text as LanguageModelV3Content;
    }
    case "file":
      return part.data.type === "data"
        ? ({ ...part, data: part.data.data } as LanguageModelV3Content)
        : undefined;
    case "reasoning-file":
    case "custom":
      return undefined;
    default:
      // Reasoning, sources, tool calls, tool results and approval requests have the same shape in v3.
      return part as LanguageModelV3Content;
  }
}

function finishReasonToV3(reason: LanguageModelV4FinishReason): LanguageModelV3FinishReason {
  return reason.unified === "interrupted"
    ? { unified: "error", raw: reason.raw ?? "interrupted" }
    : { unified: reason.unified, raw: reason.raw };
}

function warningToV3(warning: LanguageModelV4Warning): SharedV3Warning {
  return warning.type === "deprecated"
    ? { type: "other", message: `${warning.setting} is deprecated: ${warning.message}` }
    : warning;
}

// v4's JSON values are v3's typed read-only, so provider metadata passes with a cast: nothing changes at run time.
function streamPartToV3(part: LanguageModelV4StreamPart): LanguageModelV3StreamPart | undefined {
  switch (part.type) {
    case "text-end": {
      const { citations: _citations, ...end } = part;
      return end as LanguageModelV3StreamPart;
    }
    case "tool-input-start": {
      const { inputEncoding: _encoding, ...start } = part;
      return start as LanguageModelV3StreamPart;
    }
    case "stream-start":
      return { type: "stream-start", warnings: part.warnings.map(warningToV3) };
    case "finish":
      return { ...part, finishReason: finishReasonToV3(part.finishReason) } as LanguageModelV3StreamPart;
    case "file":
    case "reasoning-file":
    case "custom":
    case "source":
    case "tool-call":
    case "tool-result":
    case "tool-approval-request":
      return contentToV3(part) as LanguageModelV3StreamPart | undefined;
    default:
      return part as LanguageModelV3StreamPart;
  }
}

/**
 * v4 call options as a v3 request: the reverse of {@link callOptionsToV4}, for what receives v4 requests but reads v3
 * (the scripted model's v4 form records its calls with it). v4's `reasoning` effort has no v3 form and is left out;
 * parts v3 cannot hold (`custom`, `reasoning-file`, file data given by reference or as text) throw the AI SDK's
 * `UnsupportedFunctionalityError`.
 */
export function callOptionsToV3(options: LanguageModelV4CallOptions): LanguageModelV3CallOptions {
  const { reasoning: _reasoning, ...rest } = options;
  return { ...(rest as Omit<LanguageModelV3CallOptions, "prompt">), prompt: options.prompt.map(messageToV3) };
}

function messageToV3(message: LanguageModelV4Message): LanguageModelV3Message {
  switch (message.role) {
    case "system":
      return message as LanguageModelV3Message;
    case "user":
      return {
        ...message,
        content: message.content.map((part) => (part.type === "file" ? filePartToV3(part) : part)),
      } as LanguageModelV3Message;
    case "assistant":
      return {
        ...message,
        content: message.content.map((part) => {
          if (part.type === "file") return filePartToV3(part);
          if (part.type === "tool-result") return toolResultToV3(part);
          if (part.type === "custom" || part.type === "reasoning-file") throw noV3Form(`a ${part.type} part`);
          return part;
        }),
      } as LanguageModelV3Message;
    case "tool":
      return {
        ...message,
        content: message.content.map((part) => (part.type === "tool-result" ? toolResultToV3(part) : part)),
      } as LanguageModelV3Message;
  }
}

function noV3Form(what: string): UnsupportedFunctionalityError {
  return new UnsupportedFunctionalityError({
    functionality: `${what} in a v4 prompt, for a v3 reader`,
    message: `${what} in a v4 prompt has no form in the v3 language model specification`,
  });
}

function filePartToV3(part: LanguageModelV4FilePart): LanguageModelV3FilePart {
  const { data, ...rest } = part;
  if (data.type === "data") return { ...rest, data: data.data } as LanguageModelV3FilePart;
  if (data.type === "url")
    return {
      ...rest,
      data: data.url,
      ...(data.originalUrl === undefined ? {} : { originalUrl: data.originalUrl }),
    } as LanguageModelV3FilePart;
  throw noV3Form(`file data of type "${data.type}"`);
}

function toolResultToV3(part: LanguageModelV4ToolResultPart): LanguageModelV3ToolResultPart {
  const { output } = part;
  if (output.type !== "content") return part as LanguageModelV3ToolResultPart;
  const value = output.value.map((item): V3ContentItem => {
    if (item.type !== "file") return item as V3ContentItem;
    const options = item.providerOptions === undefined ? {} : { providerOptions: item.providerOptions };
    if (item.data.type === "data") {
      const data =
        typeof item.data.data === "string" ? item.data.data : Buffer.from(item.data.data).toString("base64");
      return { type: "file-data", data, mediaType: item.mediaType, ...options } as V3ContentItem;
    }
    if (item.data.type === "url")
      return {
        type: "file-url",
        url: item.data.url.href,
        mediaType: item.mediaType,
        ...options,
      } as V3ContentItem;
    throw noV3Form(`a tool result's file data of type "${item.data.type}"`);
  });
  return { ...part, output: { type: "content", value } } as LanguageModelV3ToolResultPart;
}
