import { Badge } from "../html/values.js";

const tones = { completed: "ok", failed: "bad", suspended: "warn" } as const;

/** A run's status as a coloured label. */
export function RunStatus({ status }: { status: string }) {
  return <Badge tone={(tones as Record<string, "ok" | "bad" | "warn">)[status]}>{status}</Badge>;
}
