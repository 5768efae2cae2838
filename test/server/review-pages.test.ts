import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openMemoryStore } from "../../src/store/memory-store.js";
import { hostileRun, payloads, servedLeadRouting } from "./pages-fixture.js";
import { startTestServer, type TestServer, tokens } from "./server-harness.js";

let server: TestServer;
const store = openMemoryStore();

beforeAll(async () => {
  for (const [i, payload] of payloads.entries())
    await store.runs.create(hostileRun(`run-${i}-${payload}`, payload));
  await store.runs.create(
    hostileRun("shadow-d1", "quiet", {
      autonomy: "shadow",
      outcome: { type: "decision", decision: { decision: "nurture", confidence: 0.9 }, draft: false },
    }),
  );
  server = await startTestServer({
    store,
    workflows: await servedLeadRouting(store, mkdtempSync(join(tmpdir(), "reins-review-"))),
    shadowReports: [
      {
        source: "shadow.json",
        report: {
          schemaVersion: 1,
          charter: { name: "lead-routing", version: "2" },
          n: 1,
          items: [
            {
              id: "d1",
              runId: "shadow-d1",
              impact: "critical",
              humanClass: "route_to_sales",
              agentClass: "nurture",
              agree: false,
            },
          ],
        },
      },
    ],
  });
}, 60_000);

afterAll(async () => {
  await server?.close();
});

async function post(
  path: string,
  cookie: string,
  body: Record<string, string>,
  headers: Record<string, string> = {},
) {
  return fetch(`${server.origin}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie, "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(body).toString(),
  });
}

describe("the review queue", () => {
  it("lists shadow disagreements first, then escalations, with a cursor", async () => {
    const queue = (await (await server.get("/api/review?limit=2", "viewer")).json()) as {
      items: { runId: string; reasons: string[] }[];
      nextCursor: string;
    };
    expect(queue.items[0]).toMatchObject({ runId: "shadow-d1", reasons: ["shadow-disagreement"] });
    expect(queue.items[1]?.reasons).toEqual(["escalation"]);
    const rest = (await (await server.get(`/api/review?cursor=${queue.nextCursor}`, "viewer")).json()) as {
      items: unknown[];
    };
    expect(rest.items).toHaveLength(3);
  });

  it("keeps every payload text on the queue and on a run's page", async () => {
    const pages = [await (await server.get("/review", "viewer")).text()];
    for (const [i, payload] of payloads.entries())
      pages.push(
        await (await server.get(`/review/${encodeURIComponent(`run-${i}-${payload}`)}`, "reviewer")).text(),
      );
    for (const page of pages) {
      expect(page).not.toContain("<script>alert");
      expect(page).not.toContain("<img src=x");
      expect(page).not.toContain("</style><b>");
      expect(page).not.toMatch(/href="javascript:/);
      expect(page.match(/<script/g)).toEqual(["<script"]);
    }
    expect(pages[1]).toContain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  });
});

describe("recording a review from the page", () => {
  it("refuses a viewer (403), a cross-site post (403) and a post without the CSRF token", async () => {
    const viewer = await server.signIn("viewer", "/review");
    const runPath = `/review/${encodeURIComponent(`run-3-${payloads[3]}`)}`;
    expect((await post(runPath, viewer.cookie, { _csrf: viewer.csrf, outcome: "approved" })).status).toBe(
      403,
    );
    const reviewer = await server.signIn("reviewer", runPath);
    expect(
      (
        await post(
          runPath,
          reviewer.cookie,
          { _csrf: reviewer.csrf, outcome: "approved" },
          { origin: "https://evil.example" },
        )
      ).status,
    ).toBe(403);
    expect((await post(runPath, reviewer.cookie, { outcome: "approved" })).status).toBe(403);
    expect(await store.reviews.list()).toEqual([]);
  });

  it("shows each problem of the correction at its field and records nothing", async () => {
    const runPath = `/review/${encodeURIComponent(`run-0-${payloads[0]}`)}`;
    const { cookie, csrf } = await server.signIn("reviewer", runPath);
    const refused = await post(runPath, cookie, {
      _csrf: csrf,
      outcome: "edited",
      decision: "route",
      "field.status": "hot",
      "action.0.tool": "send_email",
      "action.0.input": "{}",
    });
    expect(refused.status).toBe(400);
    const page = await refused.text();
    expect(page).toContain('data-path="correction.decision"');
    expect(page).toContain('data-path="correction.fields.status"');
    expect(page).toContain('data-path="correction.actions[0].input"');
    expect(page).toContain("&quot;route&quot; is not a decision of charter lead-routing");
    // What was typed stays in the form.
    expect(page).toContain('name="field.status" value="hot"');
    expect(await store.reviews.list()).toEqual([]);
  });

  it("records an approval as the signed-in reviewer and goes on to the next run", async () => {
    const runPath = `/review/${encodeURIComponent("shadow-d1")}`;
    const { cookie, csrf } = await server.signIn("reviewer", runPath);
    const done = await post(runPath, cookie, { _csrf: csrf, outcome: "approved", note: "fine" });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toMatch(/^\/review\/run-/);
    const [review] = await store.reviews.list({ runId: "shadow-d1" });
    expect(review).toMatchObject({ reviewer: "reviewer", outcome: "approved", note: "fine" });
    const events = await store.audit.list("shadow-d1");
    expect(events.map((e) => e.type)).toEqual(["review.recorded"]);
  });

  it("records through the JSON twin, with located issues on a bad correction", async () => {
    const api = (body: unknown, role: "viewer" | "reviewer" = "reviewer") =>
      fetch(`${server.origin}/api/review/${encodeURIComponent(`run-1-${payloads[1]}`)}`, {
        method: "POST",
        headers: { authorization: `Bearer ${tokens[role]}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await api({ outcome: "approved" }, "viewer")).status).toBe(403);
    const bad = await api({ outcome: "edited", correction: { fields: { owner: 7 } } });
    expect(bad.status).toBe(400);
    expect(
      ((await bad.json()) as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path),
    ).toEqual(["correction.fields.owner"]);
    const ok = await api({
      outcome: "edited",
      errorType: "wrong_tool",
      rootCause: "prompt",
      retrainingPriority: "high",
      correction: { decision: "nurture", fields: { status: "nurture", owner: null } },
    });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({
      outcome: "edited",
      reviewer: "reviewer",
      correction: { decision: "nurture" },
    });
  });
});
