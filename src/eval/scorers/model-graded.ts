import type { LanguageModel } from "ai";
import { z } from "zod";
import { asLanguageModelV3 } from "../../model/language-model.js";
import type { LanguageModelV4 } from "../../model/language-model-v4.js";
import type { Scorer, TrialContext } from "../trial.js";

export interface ModelGradedScorerOptions {
  /** The category's name in reports (must not be one of the five built-in names). */
  name: string;
  /**
   * Any AI SDK model (`(await resolveModel("openai:gpt-4.1-mini")).model`, a scripted model in tests), AI SDK 7's v4
   * models included (the grader calls them through their v3 view).
   */
  model: LanguageModel | LanguageModelV4;
  /** What the grader checks, e.g. "The rationale cites the CRM record it relied on and promises nothing." */
  rubric: string;
  /** Provider retries (default 2). */
  maxRetries?: number;
}

const verdictSchema = z.object({ passed: z.boolean(), reason: z.string().min(1) });

/**
 * A category judged by a model against a rubric, for what rules cannot check (tone, free text, faithfulness). The
 * grader answers through a `grade` tool whose arguments are validated; a grader that does not answer that way fails
 * the category with a sentence saying so (never a silent pass).
 */
export function modelGradedScorer(options: ModelGradedScorerOptions): Scorer {
  return {
    name: options.name,
    async score(trial) {
      // Loaded when a grader first runs: most evaluations never load the AI SDK.
      const { generateText, tool } = await import("ai");
      const response = await generateText({
        model:
          typeof options.model === "object" && options.model.specificationVersion === "v4"
            ? asLanguageModelV3(options.model, "model")
            : options.model,
        maxRetries: options.maxRetries ?? 2,
        system:
          "You grade one run of an AI agent against a rubric. Judge only what the rubric asks, from the evidence given. " +
          "Answer by calling the grade tool once.",
        prompt: `Rubric: ${options.rubric}\n\nEvidence:\n${JSON.stringify(evidence(trial), null, 2)}`,
        tools: { grade: tool({ description: "Your verdict on the rubric.", inputSchema: verdictSchema }) },
        toolChoice: { type: "tool", toolName: "grade" },
      });
      const call = response.toolCalls.find((c) => c.toolName === "grade");
      const verdict = verdictSchema.safeParse(call?.input);
      if (!verdict.success) {
        return { passed: false, failures: [`the grader gave no valid verdict for "${options.rubric}"`] };
      }
      return verdict.data.passed
        ? { passed: true, failures: [] }
        : {
            passed: false,
            failures: [`expected: ${options.rubric}; the grader found: ${verdict.data.reason}`],
          };
    },
  };
}

function evidence(trial: TrialContext) {
  return {
    input: trial.case.input,
    expected: trial.case.expect,
    notes: trial.case.notes,
    outcome: trial.outcome,
    toolCalls: trial.toolCalls.map((c) => ({
      tool: c.toolName,
      input: c.input,
      status: c.status,
      output: c.output,
    })),
  };
}
