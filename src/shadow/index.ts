export { type HumanDecision, humanDecisionFields, parseHumanDecisions } from "./human-decisions.js";
export { type RunShadowOptions, runShadow, type ShadowResult, shadowRunId } from "./run-shadow.js";
export { shadowHtml, shadowSummary } from "./shadow-html.js";
export {
  agentClass,
  buildShadowReport,
  humanClass,
  impactWeights,
  type ShadowItem,
  type ShadowPair,
  type ShadowReport,
} from "./shadow-report.js";
