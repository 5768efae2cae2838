import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openMemoryStore } from "../../src/store/memory-store.js";
import { leadRouting, payloads, twoEvals } from "./pages-fixture.js";
import { startTestServer, type TestServer } from "./server-harness.js";

let server: TestServer;

const hostileId = `eval-${payloads.join("")}`;

beforeAll(async () => {
  const store = openMemoryStore();
  await twoEvals(store, await leadRouting());
  // The bad eval again, with every payload in its suite, case ids, failures, decisions and transcripts.
  const report = (await store.evals.get("eval-bad")) as Record<string, unknown>;
  const results = (await store.evals.results("eval-bad")).map((r, i) => {
    const payload = payloads[i % payloads.length] as string;
    const data = r.data as Record<string, unknown>;
    return {
      ...r,
      caseId: `${payload}-${i}`,
      data: {
        ...data,
        caseId: `${payload}-${i}`,
        decision: payload,
        failures: [{ category: "taskSuccess", message: payload }],
      },
    };
  });
  const transcripts = (await store.evals.transcripts("eval-bad")).map((t, i) => {
    const payload = payloads[i % payloads.length] as string;
    return {
      ...t,
      caseId: `${payload}-${i}`,
      data: { ...(t.data as Record<string, unknown>), caseId: `${payload}-${i}`, input: { text: payload } },
    };
  });
  await store.evals.save({
    id: hostileId,
    suite: payloads.join(" "),
    agent: payloads[1],
    startedAt: new Date().toISOString(),
    passed: false,
    report: { ...report, suite: payloads.join(" "), agent: payloads[1] },
    results,
    transcripts,
  });
  server = await startTestServer({ store });
}, 120_000);

afterAll(async () => {
  await server?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: the tests read the JSON twins as they come
const json = async (path: string): Promise<any> => {
  const response = await server.get(path, "viewer");
  expect(response.status, path).toBe(200);
  return response.json();
};

describe("the evals pages", () => {
  it("lists evals newest first with a cursor, and the JSON twin returns what the page shows", async () => {
    const first = await json("/api/evals?suite=lead-routing&limit=1");
    expect(first.evals.map((e: { id: string }) => e.id)).toEqual(["eval-bad"]);
    const second = await json(`/api/evals?suite=lead-routing&limit=1&cursor=${first.nextCursor}`);
    expect(second.evals.map((e: { id: string }) => e.id)).toEqual(["eval-good"]);
    expect(second.nextCursor).toBeNull();
    const page = await (await server.get("/evals?suite=lead-routing&limit=1", "viewer")).text();
    expect(page).toContain('href="/evals/eval-bad"');
    expect((await server.get("/api/evals?cursor=nope!", "viewer")).status).toBe(400);
  });

  it("charts a suite's evals over time: scores, pass^k, kinds and perturbations as server-drawn SVG", async () => {
    const series = await json("/api/evals/suites/lead-routing");
    expect(series.points.map((p: { id: string }) => p.id)).toEqual(["eval-good", "eval-bad"]);
    expect(series.ks).toEqual(["1", "2"]);
    const page = await (await server.get("/evals/suites/lead-routing", "viewer")).text();
    for (const id of ["scores-over-time", "passk-over-time", "kinds-over-time", "perturbations-over-time"])
      expect(page).toContain(`id="${id}"`);
    expect(page.match(/<path class="line" d="M/g)?.length).toBeGreaterThanOrEqual(5 + 2);
    expect(page).not.toMatch(/<script(?! src="\/assets\/reins\.js")/);
  });

  it("shows one eval's report with its failures linked to their trial transcripts", async () => {
    const report = await json("/api/evals/eval-bad?limit=5");
    expect(report.traced).toBe(true);
    expect(report.failures).toHaveLength(5);
    expect(report.nextCursor).not.toBeNull();
    const failure = report.failures[0];
    expect(failure.transcript).toBe(
      `/evals/eval-bad/cases/${encodeURIComponent(failure.result.caseId)}/trials/${failure.result.trial}`,
    );
    const more = await json(`/api/evals/eval-bad?limit=5&cursor=${report.nextCursor}`);
    expect(more.failures[0].result.caseId).not.toBe(undefined);
    const transcript = await json(`/api${failure.transcript}`);
    expect(transcript.text).toContain(
      `Trial ${failure.result.trial} of case ${failure.result.caseId} (eval eval-bad): failed`,
    );
    const page = await (await server.get("/evals/eval-bad", "viewer")).text();
    expect(page).toContain('id="metrics-chart"');
    expect(page).toContain('id="passk-chart"');
    expect(page).toContain(`href="${failure.transcript}"`);
    expect((await server.get("/evals/nothing", "viewer")).status).toBe(404);
  });

  it("compares two evals as reins compare does, with its versions warning", async () => {
    const compared = await json("/api/evals/compare?before=eval-good&after=eval-bad");
    expect(compared.comparison.regressions.length).toBeGreaterThan(0);
    expect(compared.comparison.versions).toEqual({
      known: true,
      changed: [{ part: "model", label: "model" }],
    });
    expect(compared.warning).toBeNull();
    const missing = await server.get("/api/evals/compare?before=eval-good", "viewer");
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toBe(
      "compare needs two evals: after is missing",
    );
  });

  it("keeps every payload text: suite, agent, case ids, failures, decisions and transcripts", async () => {
    const id = encodeURIComponent(hostileId);
    const report = (await (await server.get(`/api/evals/${id}?limit=8`, "viewer")).json()) as {
      failures: { transcript: string }[];
    };
    const pages = [
      `/evals`,
      `/evals/${id}?limit=8`,
      `/evals/suites/${encodeURIComponent(payloads.join(" "))}`,
      `/evals/compare?before=eval-good&after=${id}`,
      ...report.failures.slice(0, 4).map((f) => f.transcript),
    ];
    for (const path of pages) {
      const response = await server.get(path, "viewer");
      expect(response.status, path).toBe(200);
      const page = await response.text();
      expect(page, path).not.toContain("<script>alert");
      expect(page, path).not.toContain("<img src=x");
      expect(page, path).not.toContain("</style><b>");
      expect(page, path).not.toMatch(/(href|src)="javascript:/);
      expect(page.match(/<script/g), path).toEqual(["<script"]);
    }
  });

  it("needs a token", async () => {
    expect((await server.get("/api/evals")).status).toBe(401);
  });
});
