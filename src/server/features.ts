import { approvalsFeature } from "./pages/approvals.js";
import { evalsFeature } from "./pages/evals.js";
import { homeFeature } from "./pages/home.js";
import { reviewFeature } from "./pages/review.js";
import { runsFeature } from "./pages/runs.js";
import { weeklyAutonomyFeature } from "./pages/weekly-autonomy.js";
import { workflowsFeature } from "./pages/workflows.js";
import type { ServerFeature } from "./server-env.js";

/**
 * Every part of the dashboard, in navigation order. A new page lives in its own file under `pages/` and is added
 * here with one line.
 */
export const features: readonly ServerFeature[] = [
  homeFeature,
  runsFeature,
  approvalsFeature,
  workflowsFeature,
  evalsFeature,
  reviewFeature,
  weeklyAutonomyFeature,
];
