import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedRun } from "./seed.js";
import { startTestServer, type TestServer } from "./server-harness.js";

// What an agent, a case, a tool or a stored row may say, aimed at the page that shows it.
const script = "<script>alert(1)</script>";
const img = '"><img src=x onerror=alert(2)>';
const style = "</style><script>alert(3)</script>";
const js = "javascript:alert(4)";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  // A run id and a charter name as a case file or a --run-id may give them.
  await seedRun(server.store, {
    id: `case-${script}`,
    charter: `lead${img}`,
    startedBy: img,
    input: { company: script, note: style, website: js },
    outcome: { type: "decision", decision: js, reason: img },
    modelText: `${style} ${script}`,
    toolOutput: { html: img, link: js },
    approval: { id: `appr-${img}`, toolName: `send${script}`, input: { body: style, url: js }, reason: img },
  });
  await server.store.workflows.set(`lead${img}`, { paused: true, pausedReason: script });
});
afterAll(async () => {
  await server.close();
});

/** Every href and src value of a page, as the browser would read them (entities decoded). */
function urls(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src|action)="([^"]*)"/g)].map((m) =>
    (m[1] ?? "").replaceAll("&amp;", "&").replaceAll("&quot;", '"').replaceAll("&#39;", "'"),
  );
}

function checkPage(path: string, html: string): void {
  // No markup from the payloads survives: each is text.
  expect([path, html.includes("<script>alert")]).toEqual([path, false]);
  expect([path, /<img/i.test(html)]).toEqual([path, false]);
  expect([path, html.includes("</style><script")]).toEqual([path, false]);
  expect([path, /onerror=alert\(2\)>/.test(html.replaceAll("&gt;", "\u0000"))]).toEqual([path, false]);
  // The only script is the package's own; no link, image or form goes to a javascript: URL.
  expect([path, [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])]).toEqual([
    path,
    ['<script src="/assets/reins.js" defer="">'],
  ]);
  for (const url of urls(html))
    expect([path, url]).not.toEqual([path, expect.stringMatching(/^\s*javascript:/i)]);
}

describe("reins serve: hostile values stay text", () => {
  const runId = `case-${script}`;
  const pages = [
    "/runs",
    `/runs/${encodeURIComponent(runId)}`,
    "/approvals",
    `/approvals/${encodeURIComponent(`appr-${img}`)}`,
    "/workflows",
    `/workflows/${encodeURIComponent(`lead${img}`)}`,
    `/runs?workflow=${encodeURIComponent(`lead${img}x`)}`,
  ];

  it("renders every payload escaped on every page, and never emits a javascript: URL", async () => {
    for (const path of pages) {
      const response = await server.get(path, "admin");
      expect([path, response.status]).toEqual([path, 200]);
      const html = await response.text();
      checkPage(path, html);
    }
  });

  it("shows the payloads as the text they are", async () => {
    const html = await (await server.get(`/runs/${encodeURIComponent(runId)}`, "admin")).text();
    expect(html).toContain("case-&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;/style&gt;&lt;script&gt;alert(3)&lt;/script&gt;");
    expect(html).toContain("javascript:alert(4)");
    // Links to the run are percent-encoded paths, never the payload itself.
    const list = await (await server.get("/runs", "admin")).text();
    expect(urls(list)).toContain(`/runs/${encodeURIComponent(runId)}`);
  });

  it("reports a payload in the URL as text on a 404", async () => {
    const response = await server.get(`/runs/${encodeURIComponent(script)}`, "admin");
    expect(response.status).toBe(404);
    const html = await response.text();
    checkPage("404", html);
    expect(html).toContain("no run &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; in this store");
  });
});
