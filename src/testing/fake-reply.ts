import { estimateTokens } from "./estimate-usage.js";

/** One tool call in a fake server reply. */
export interface FakeToolCall {
  /** Function name. */
  name: string;
  /** Arguments; JSON-encoded unless already a string (a string is sent verbatim, e.g. to simulate bad JSON). */
  arguments: unknown;
  /** Tool-call id; defaults to `call-<replyIndex>-<i>` (both 0-based). */
  id?: string;
}

/** What the fake server answers to one chat completion request. */
export type FakeReply =
  | {
      /** Assistant text; finish reason `stop`. */
      content: string;
    }
  | {
      /** Tool calls; finish reason `tool_calls`. */
      toolCalls: FakeToolCall[];
    }
  | {
      /** HTTP status to answer with, e.g. 429 or 500. */
      status: number;
      /** Response body, JSON-encoded unless a string. */
      body: unknown;
      /** Extra response headers, e.g. `retry-after`. */
      headers?: Record<string, string>;
    };

/** What the server knows when it renders a reply. */
export interface ReplyContext {
  /** 0-based number of the chat reply. */
  replyIndex: number;
  /** Model named in the request. */
  model: string;
  /** Size of the raw request body, for the usage estimate. */
  requestChars: number;
}

/** An HTTP answer ready to write. */
export interface RenderedReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const jsonHeaders = { "content-type": "application/json" };

interface AssistantMessage {
  content: string | null;
  toolCalls: { index: number; id: string; type: "function"; function: { name: string; arguments: string } }[];
  finishReason: "stop" | "tool_calls";
}

function assistantMessage(
  reply: { content: string } | { toolCalls: FakeToolCall[] },
  replyIndex: number,
): AssistantMessage {
  if ("content" in reply) return { content: reply.content, toolCalls: [], finishReason: "stop" };
  const toolCalls = reply.toolCalls.map((call, index) => ({
    index,
    id: call.id ?? `call-${replyIndex}-${index}`,
    type: "function" as const,
    function: {
      name: call.name,
      arguments: typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments ?? {}),
    },
  }));
  return { content: null, toolCalls, finishReason: "tool_calls" };
}

function usage(context: ReplyContext, message: AssistantMessage) {
  const output =
    (message.content ?? "") + message.toolCalls.map((call) => JSON.stringify(call.function)).join("");
  const prompt = Math.ceil(context.requestChars / 4);
  const completion = estimateTokens(output);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

function envelope(context: ReplyContext, object: string) {
  return {
    id: `chatcmpl-fake-${context.replyIndex}`,
    object,
    created: Math.floor(Date.now() / 1000),
    model: context.model,
  };
}

/** Renders a reply as a Chat Completions JSON response, or as an SSE stream when `stream` is set. */
export function renderReply(reply: FakeReply, context: ReplyContext, stream: boolean): RenderedReply {
  if ("status" in reply) {
    const body = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
    return { status: reply.status, headers: { ...jsonHeaders, ...reply.headers }, body };
  }
  const message = assistantMessage(reply, context.replyIndex);
  return stream ? renderStream(message, context) : renderJson(message, context);
}

function renderJson(message: AssistantMessage, context: ReplyContext): RenderedReply {
  const body = {
    ...envelope(context, "chat.completion"),
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: message.content,
          ...(message.toolCalls.length > 0
            ? { tool_calls: message.toolCalls.map(({ index: _, ...call }) => call) }
            : {}),
        },
        logprobs: null,
        finish_reason: message.finishReason,
      },
    ],
    usage: usage(context, message),
  };
  return { status: 200, headers: jsonHeaders, body: JSON.stringify(body) };
}

function renderStream(message: AssistantMessage, context: ReplyContext): RenderedReply {
  const head = envelope(context, "chat.completion.chunk");
  const chunk = (delta: object, finishReason: string | null = null, extra: object = {}) =>
    `data: ${JSON.stringify({ ...head, choices: [{ index: 0, delta, finish_reason: finishReason }], ...extra })}\n\n`;
  const events = [chunk({ role: "assistant" })];
  for (const piece of message.content === null ? [] : message.content.split(/(?<=\s)/)) {
    events.push(chunk({ content: piece }));
  }
  for (const call of message.toolCalls) {
    const start = {
      index: call.index,
      id: call.id,
      type: "function",
      function: { name: call.function.name, arguments: "" },
    };
    events.push(chunk({ tool_calls: [start] }));
    events.push(
      chunk({ tool_calls: [{ index: call.index, function: { arguments: call.function.arguments } }] }),
    );
  }
  events.push(chunk({}, message.finishReason, { usage: usage(context, message) }), "data: [DONE]\n\n");
  return {
    status: 200,
    headers: { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" },
    body: events.join(""),
  };
}
