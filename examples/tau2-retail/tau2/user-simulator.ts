import { generateText, type LanguageModel, type ModelMessage } from "ai";
import type { Conversation } from "../retail/world.js";

/** τ²'s user stop signals: goal reached, transferred to another agent, scenario cannot continue. */
export const stopSignals = ["###STOP###", "###TRANSFER###", "###OUT-OF-SCOPE###"] as const;

/** The user simulator's rules (τ²'s simulation guidelines, in this example's own words), then the scenario. */
export function simulatorPrompt(scenario: string): string {
  return `# Playing the customer
You are playing a customer who has contacted a customer service agent. Act out the scenario below realistically, following it strictly.

## How to play
- Write one message at a time, as a customer in a chat would.
- Stay inside the scenario. Never make up information it does not give you: what it does not give you, you do not know or do not have.
- Do not recite the scenario word for word; say things in your own words.
- Give information as the agent asks for it, not all at once.

## Ending
- Keep going until the task is complete. Agreeing to an action is not the action being done: wait until the agent confirms it is done. Before you end, check that every request in your scenario was handled.
- When the scenario's goal is reached, write ${stopSignals[0]} to end the conversation.
- If you are transferred to another agent, write ${stopSignals[1]}.
- If the scenario does not give you enough information to go on, write ${stopSignals[2]} to end the conversation.

<scenario>
${scenario}
</scenario>`;
}

/** The first stop signal in a message, or null (τ²'s UserSimulator.is_stop: any of the three anywhere in it). */
export function stopSignalIn(message: string): string | null {
  const found = stopSignals
    .map((signal) => ({ signal, at: message.indexOf(signal) }))
    .filter((s) => s.at >= 0)
    .sort((a, b) => a.at - b.at);
  return found[0]?.signal ?? null;
}

export interface SimulatedUserOptions {
  /** The model playing the customer. */
  model: LanguageModel;
  /** τ²'s rendered user scenario (`str(task.user_scenario)`). */
  scenario: string;
  /** Turns exchanged before the run (τ²'s initial message history), oldest first. */
  history?: Conversation["transcript"];
  /** Sampling temperature (default 0). */
  temperature?: number;
}

/**
 * A customer played by a model, as τ²'s UserSimulator: it sees the conversation with the roles flipped (the agent's
 * messages as the user's, its own as the assistant's) under its system prompt, and ends the conversation with a stop
 * signal.
 */
export function simulatedUser(options: SimulatedUserOptions): Conversation {
  const transcript: { role: "assistant" | "user"; content: string }[] = [...(options.history ?? [])];
  let ended: string | null = null;
  return {
    get ended() {
      return ended;
    },
    get transcript() {
      return transcript;
    },
    async send(message) {
      transcript.push({ role: "assistant", content: message });
      const messages: ModelMessage[] = transcript.map((turn) => ({
        role: turn.role === "assistant" ? "user" : "assistant",
        content: turn.content,
      }));
      const response = await generateText({
        model: options.model,
        system: simulatorPrompt(options.scenario),
        messages,
        temperature: options.temperature ?? 0,
      });
      const reply = response.text;
      transcript.push({ role: "user", content: reply });
      ended = stopSignalIn(reply);
      return reply;
    },
  };
}
