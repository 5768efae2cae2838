// reins/eval: what a suite is built from (cases, environments, faults, perturbations, scorers) and the evaluation
// helpers beside `evaluate` (oracle checks, pass^k, red-team cases). Everything exported is listed by name.

export type { CallResolution } from "./call-verdict.js";
export type {
  EvalCase,
  EvalCaseInput,
  Expectation,
  Fault,
  GateLabel,
  GateVerdict,
  Impact,
  OracleStep,
} from "./case.js";
export { caseKinds, caseSchema, gateVerdicts, impactLevels } from "./case.js";
export type { OracleCheck } from "./check-oracles.js";
export { checkOracles } from "./check-oracles.js";
export type { Environment } from "./environment.js";
export { jsonEnvironment, mergeJson } from "./environment.js";
export { withFaults } from "./faults/with-faults.js";
export { loadCaseFiles } from "./load-cases.js";
export type { LoadSuiteOptions } from "./load-suite.js";
export { loadSuite } from "./load-suite.js";
export { oracleAgent } from "./oracle.js";
export { passHatK } from "./pass-hat-k.js";
export type {
  DerivePerturbedCasesOptions,
  PerturbationTally,
  PerturbedCases,
} from "./perturb/derive-perturbed-cases.js";
export { derivePerturbedCases } from "./perturb/derive-perturbed-cases.js";
export type { PerturbationResult } from "./perturbation-result.js";
export { applied, notApplicable } from "./perturbation-result.js";
export { addRedteamCase } from "./redteam.js";
export { builtinScorers, scoreTrial } from "./score-trial.js";
export type { ModelGradedScorerOptions } from "./scorers/model-graded.js";
export { modelGradedScorer } from "./scorers/model-graded.js";
export type { CaseSelection } from "./select-cases.js";
export { selectCases } from "./select-cases.js";
export type { StateChange } from "./state.js";
export { diffStates, hashState } from "./state.js";
export type { Perturbation, PerturbationContext, PerturbationName, TaskClass } from "./suite.js";
export { perturbationNames, taskClassThresholds } from "./suite.js";
export type { TranscriptCall, TrialTranscript } from "./transcript.js";
export type {
  CategoryScore,
  ScoreCategory,
  Scorer,
  TrialContext,
  TrialOutcome,
  TrialResult,
} from "./trial.js";
