import { settleAutonomy } from "../../runtime/certified-autonomy.js";
import type { AutonomyCertificate } from "../../store/store.js";
import type { ServerContext } from "../server-env.js";

/** A workflow as the dashboard shows it: its kill switch, its latest run, and the autonomy its certificate grants. */
export interface WorkflowView {
  name: string;
  paused: boolean;
  pausedReason: string | null;
  flagged: boolean;
  flaggedReason: string | null;
  latestRun: { id: string; charterVersion: string; autonomy: string; createdAt: string } | null;
  /**
   * The certificate in force for the latest run's charter version (`settleAutonomy`): the level it certifies and
   * which one; `certified` null when the store holds none and does not require one.
   */
  autonomy: {
    certified: string | null;
    certificate: string | null;
    expiresAt: string | null;
    reason: string | null;
  };
  certificates: number;
}

export async function workflowView(
  context: ServerContext,
  name: string,
): Promise<WorkflowView & { certificateList: AutonomyCertificate[] }> {
  const [state, latest, certificates, setting] = await Promise.all([
    context.store.workflows.get(name),
    context.store.runs.list({ charter: name, limit: 1 }),
    context.store.certificates.list({ charter: name }),
    context.store.settings.get("certificates"),
  ]);
  const run = latest[0];
  const settled =
    run === undefined && certificates.length === 0
      ? null
      : settleAutonomy(
          { name, version: run?.charterVersion ?? certificates.at(-1)?.charterVersion ?? "" },
          "autonomous",
          certificates,
          { required: setting === "required", now: context.now() },
        );
  const inForce = certificates.find((c) => c.id === settled?.certificate);
  return {
    name,
    paused: state.paused,
    pausedReason: state.pausedReason,
    flagged: state.flagged,
    flaggedReason: state.flaggedReason,
    latestRun:
      run === undefined
        ? null
        : {
            id: run.id,
            charterVersion: run.charterVersion,
            autonomy: run.autonomy,
            createdAt: run.createdAt,
          },
    autonomy: {
      certified: settled?.certified ?? null,
      certificate: settled?.certificate ?? null,
      expiresAt: inForce?.expiresAt ?? null,
      reason: settled?.reason ?? null,
    },
    certificates: certificates.length,
    certificateList: certificates,
  };
}
