import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { until } from "./cli-harness.js";
import { storeBackends } from "./store-backends.js";

const workflow = "test/fixtures/effects-workflow";
const keys = (file: string): string[] =>
  existsSync(file)
    ? readFileSync(file, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { key: string }).key)
    : [];

describe.each(storeBackends())("crash safety ($name)", (backend) => {
  it("a run killed with SIGKILL mid-way resumes without repeating an action or losing an audit event", async () => {
    const s = await backend.sandbox();
    const steps = 40;
    const input = s.input("in.json", { steps });
    const child = s.spawnReins("run", workflow, "--input", input, "--run-id", "crash-1");
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_code, signal) => resolve(signal)),
    );
    await until(() => keys(s.effects).length >= 12, 30_000, "a dozen executed steps");
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    const beforeResume = keys(s.effects).length;
    expect(beforeResume).toBeLessThan(steps);

    // What the dead process left: every audit event it wrote is still there and the chain is intact.
    const store = await backend.open(s);
    const eventsBefore = await store.audit.list("crash-1");
    expect((await store.runs.get("crash-1"))?.status).toBe("running");
    await store.close();
    expect(s.reins("audit", "verify").code).toBe(0);

    const resumed = s.reins("resume", workflow, "crash-1");
    expect(resumed.code).toBe(0);
    expect(resumed.stdout.split("\n")[0]).toBe("run crash-1: completed");

    // Each step executed exactly once, across both processes.
    const all = keys(s.effects);
    expect(all).toHaveLength(steps);
    expect(new Set(all).size).toBe(steps);
    expect(all).toEqual(Array.from({ length: steps }, (_, i) => `crash-1:call-${i + 1}`));

    const after = await backend.open(s);
    const events = await after.audit.list("crash-1");
    await after.close();
    expect(events.slice(0, eventsBefore.length)).toEqual(eventsBefore);
    // Every step has an execution on record: executed in one process, or replayed from the journal in the other.
    for (let i = 1; i <= steps; i++) {
      const recorded = events.filter(
        (e) =>
          (e.type === "tool.executed" || e.type === "tool.replayed") &&
          (e.data as { callId: string }).callId === `call-${i}`,
      );
      expect(recorded.length, `call-${i}`).toBeGreaterThanOrEqual(1);
    }
    expect(events.at(-1)?.type).toBe("run.ended");
    expect(s.reins("audit", "verify")).toMatchObject({ code: 0 });

    // Editing one stored event is detected and named.
    const target = events[5];
    await backend.execute(s, "update audit_events set data = $1 where run_id = $2 and seq = $3", [
      '{"callId":"call-2","forged":true}',
      "crash-1",
      target?.seq,
    ]);
    const verify = s.reins("audit", "verify");
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain(`TAMPERED edited: run crash-1 event ${target?.seq}:`);
  });
});
