import { z } from "zod";
import { Tau2Error } from "../retail/db.js";
import { think, transferToHumanAgents } from "../retail/read-operations.js";
import { retailCard } from "./card.js";

/**
 * τ²'s transfer changes no data (it only answers "Transfer successful"), so it is a `read`; what makes it an
 * escalation is how the run ends: the charter has the agent finish with `reins_escalate`
 * (`transfer_to_human_agents`) after it, and the cases whose gold actions transfer expect that escalation.
 */
export const transferToHumanAgentsCard = retailCard({
  name: "transfer_to_human_agents",
  purpose: "Transfer the user to a human agent, with a summary of their issue.",
  effect: "read",
  input: z.strictObject({ summary: z.string().describe("A summary of the user's issue.") }),
  output: z.string(),
  safeUse: [
    "When the user explicitly asks for a human agent.",
    "When the request cannot be handled within the policy and your tools.",
  ],
  unsafeUse: ["When you can handle the request yourself."],
  idempotent: true,
  run: (_world, input) => transferToHumanAgents(input),
});

/**
 * τ²'s generic `think` (commented out of τ²'s retail toolkit, so not in the charter's tools): no effect, no data.
 * Registered so that a charter variant can allow it.
 */
export const thinkCard = retailCard({
  name: "think",
  purpose: "Think about something: gets no new information and changes nothing; returns an empty string.",
  effect: "read",
  input: z.strictObject({ thought: z.string().describe("A thought to think about.") }),
  output: z.string(),
  safeUse: ["When complex reasoning or a memory aid is needed."],
  unsafeUse: ["As a way to talk to the user."],
  idempotent: true,
  run: (_world, input) => think(input),
});

const respondOutput = z.strictObject({
  /** The customer's reply, exactly as they wrote it (stop signals included). */
  customer: z.string(),
  /** True once the customer has ended the conversation with a stop signal. */
  ended: z.boolean(),
  note: z.string().optional(),
});

/**
 * The conversational channel: the agent's message goes to the (simulated) customer and the reply comes back as the
 * result. `read`: it changes no data; in this benchmark the customer is the other side of the conversation, not an
 * outside party to be protected from the agent, so it is not `external` (which would need approval per message).
 */
export const respondToUserCard = retailCard({
  name: "respond_to_user",
  purpose:
    "Send a message to the customer you are talking with and get their reply. Every word the customer reads goes through this tool.",
  effect: "read",
  input: z.strictObject({ message: z.string().min(1).describe("Your message to the customer.") }),
  output: respondOutput,
  safeUse: [
    "To greet the customer, ask for what you need, list an action's details and get their explicit yes, and answer them.",
  ],
  unsafeUse: ["After the customer has ended the conversation.", "In a solo run: there is no one to talk to."],
  idempotent: false,
  timeoutMs: 180_000,
  run: async (world, input): Promise<z.input<typeof respondOutput>> => {
    const conversation = world.conversation;
    if (!conversation) {
      throw new Tau2Error(
        "There is no customer on the line: the request in the input is all there is. Put what you tell the customer in your decision's message.",
      );
    }
    const customer = await conversation.send(input.message);
    if (!conversation.ended) return { customer, ended: false };
    return {
      customer,
      ended: true,
      note: `The customer ended the conversation (${conversation.ended}). Finish now: reins_escalate with transfer_to_human_agents after a transfer, otherwise reins_decide.`,
    };
  },
});
