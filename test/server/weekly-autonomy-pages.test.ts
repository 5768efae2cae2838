import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openMemoryStore } from "../../src/store/memory-store.js";
import { hostileRun, leadRouting, payloads, servedLeadRouting, twoEvals } from "./pages-fixture.js";
import { startTestServer, type TestServer } from "./server-harness.js";

let server: TestServer;
const store = openMemoryStore();

beforeAll(async () => {
  await twoEvals(store, await leadRouting());
  for (const [i, payload] of payloads.entries()) {
    await store.runs.create(hostileRun(`run-${i}`, payload));
    await store.reviews.append({
      id: `rv-${i}`,
      runId: `run-${i}`,
      reviewer: "ana",
      outcome: "rejected",
      errorType: "wrong_tool",
      correction: null,
      rootCause: "prompt",
      retrainingPriority: "high",
      note: payload,
    });
  }
  server = await startTestServer({
    store,
    workflows: await servedLeadRouting(store, mkdtempSync(join(tmpdir(), "reins-"))),
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
});

describe("the weekly report page", () => {
  it("shows the week's failures ranked by impact, as src/weekly builds them, every payload as text", async () => {
    const report = (await (await server.get("/api/weekly", "viewer")).json()) as {
      counts: { runs: number; reviews: number; evals: number };
      topFailures: { key: string; detail: string | null }[];
    };
    expect(report.counts).toMatchObject({ runs: 4, reviews: 4, evals: 2 });
    expect(report.topFailures.map((f) => f.key)).toContain("review:lead-routing:wrong_tool");
    const page = await (await server.get("/weekly", "viewer")).text();
    expect(page).toContain('id="top-failures"');
    expect(page).not.toContain("<script>alert");
    expect(page).not.toContain("<img src=x");
    expect((await server.get("/api/weekly?since=yesterday", "viewer")).status).toBe(400);
  });
});

describe("the autonomy page", () => {
  it("judges the workflow on the store's evidence and says what is missing", async () => {
    const check = (await (await server.get("/api/autonomy/lead-routing", "viewer")).json()) as {
      level: string;
      cells: { missing: string[] }[];
      evidence: { eval: { id: string } | null };
    };
    expect(check.evidence.eval?.id).toBe("eval-bad");
    expect(check.cells.length).toBeGreaterThan(0);
    expect(check.cells.some((cell) => cell.missing.length > 0)).toBe(true);
    const page = await (await server.get("/autonomy/lead-routing", "viewer")).text();
    expect(page).toContain('id="cells"');
    expect(page).toContain(`id="earned-level">${check.level}<`);
    expect((await server.get("/autonomy/nothing", "viewer")).status).toBe(404);
    expect(await (await server.get("/autonomy", "viewer")).text()).toContain('href="/autonomy/lead-routing"');
  });
});
