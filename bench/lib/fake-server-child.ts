/**
 * The fake OpenAI server of `eval-latency`, in a process of its own so that its work (parsing requests, rendering
 * replies) does not land on the event loop of the harness being measured, as a real provider's would not.
 * Prints `{"url":…}` once listening; when its stdin closes, prints `{"requests":…,"failed":…}` and exits.
 *
 *   node --import tsx bench/lib/fake-server-child.ts --latency 50
 */
import { parseArgs } from "node:util";
import { startFakeOpenAIServer } from "../../src/testing/fake-openai-server.js";
import { refundModel } from "./refund-model.js";

const { values } = parseArgs({ options: { latency: { type: "string", default: "50" } } });
const server = await startFakeOpenAIServer({ latencyMs: Number(values.latency), handler: refundModel });
console.log(JSON.stringify({ url: server.url }));

process.stdin.resume();
process.stdin.on("end", async () => {
  const chat = server.requests.filter((r) => r.path.startsWith("/v1/chat/completions"));
  const failed = chat.filter((r) => r.status !== 200);
  await server.close();
  console.log(JSON.stringify({ requests: chat.length, failed: failed.length }));
  process.exit(0);
});
