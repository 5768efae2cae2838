import { defineSuite } from "reins";
import { jsonEnvironment } from "reins/eval";
import { agent } from "./agent.js";
import { doNothing, duplicateRecord, staleRecord } from "./perturbations.js";
import { baseWorld } from "./world.js";

/** Drops what is prose, so that two runs that did the same thing in other words compare equal. */
function normalize(state: unknown): unknown {
  const copy = structuredClone(state) as Record<string, unknown>;
  const strip = (key: string, field: string) => {
    const list = copy[key];
    if (Array.isArray(list)) for (const item of list) delete (item as Record<string, unknown>)[field];
  };
  strip("drafts", "body");
  strip("outbox", "body");
  strip("tier2Handoffs", "summary");
  const tickets = copy.tickets;
  if (tickets && typeof tickets === "object") {
    for (const ticket of Object.values(tickets)) delete (ticket as Record<string, unknown>).note;
  }
  return copy;
}

export const suite = defineSuite({
  name: "support-triage",
  environment: jsonEnvironment({ base: baseWorld(), normalize }),
  // It updates tickets in the helpdesk: the system-update class (≥ 98 % task success, no policy violation).
  taskClass: "system-update",
  thresholds: { toolCorrectness: 0.95, dataAccuracy: 0.98, recovery: 0.95 },
  textField: "body",
  baseline: agent,
  // No human answers approvals during evaluation: a reply or an enterprise close that needs one is rejected, so
  // the right run drafts and links instead of sending and closing.
  approvals: "reject",
  perturbations: {
    "duplicate-record": duplicateRecord,
    "stale-record": staleRecord,
    "do-nothing": doNothing,
  },
});
