import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openMemoryStore } from "../../src/store/memory-store.js";
import { hostileRun, leadRouting, payloads, servedLeadRouting, twoEvals } from "../server/pages-fixture.js";
import { startTestServer, type TestServer, tokens } from "../server/server-harness.js";

// The dashboard's evals and review pages in the system's Chromium, over a real server on 127.0.0.1. Screenshots go
// to $REINS_SCREENSHOTS (default: a temporary folder) for a person to look at.
const executablePath = "/usr/bin/chromium";
const shots = process.env.REINS_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), "reins-dashboard-shots-"));
const store = openMemoryStore();
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(executablePath))
    throw new Error(`${executablePath} is missing: apt-get install -y chromium`);
  await twoEvals(store, await leadRouting());
  for (const [i, payload] of payloads.entries()) await store.runs.create(hostileRun(`run-${i}`, payload));
  await store.runs.create(
    hostileRun("shadow-d1", "a lead", {
      autonomy: "shadow",
      outcome: { type: "decision", decision: { decision: "nurture", confidence: 0.9 }, draft: false },
    }),
  );
  server = await startTestServer({
    store,
    workflows: await servedLeadRouting(store, mkdtempSync(join(tmpdir(), "reins-redteam-"))),
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
  browser = await chromium.launch({
    executablePath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A signed-in page that records console errors, page errors, dialogs and requests leaving the server. */
async function signedIn(role: "viewer" | "reviewer") {
  const page: Page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("dialog", (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on("request", (r) => {
    if (!r.url().startsWith(server.origin)) problems.push(`request: ${r.url()}`);
  });
  await page.goto(`${server.origin}/?token=${tokens[role]}`);
  return { page, problems };
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

describe("the dashboard's pages in Chromium", () => {
  it("reviews runs from the keyboard: n opens the first (the shadow disagreement), a approves and moves on", async () => {
    const { page, problems } = await signedIn("reviewer");
    await page.goto(`${server.origin}/review`);
    await shot(page, "review-queue");
    await page.keyboard.press("n");
    await page.waitForURL(/\/review\/shadow-d1$/);
    expect(await page.locator("#shadow-disagreement").textContent()).toContain("route_to_sales");
    await shot(page, "review-run");
    await page.keyboard.press("a");
    await page.waitForURL(/\/review\/run-\d\?recorded=rev_/);
    expect((await store.reviews.list({ runId: "shadow-d1" })).map((r) => [r.reviewer, r.outcome])).toEqual([
      ["reviewer", "approved"],
    ]);
    // An edit with a wrong correction: the problems show at their fields, nothing is recorded.
    await page.selectOption('select[name="decision"]', "nurture");
    await page.fill('input[name="field.status"]', "hot");
    await page.locator("body").click();
    await page.keyboard.press("e");
    await page.waitForSelector("#form-issues");
    expect(await page.locator('[data-path="correction.fields.status"]').textContent()).toContain(
      "does not fit the field",
    );
    await shot(page, "review-form-issues");
    const runId = new URL(page.url()).pathname.split("/").pop() as string;
    expect(await store.reviews.list({ runId })).toEqual([]);
    // No payload ran: no dialog, no error, no request elsewhere; only the refused form's own 400.
    expect(problems).toEqual([
      "Failed to load resource: the server responded with a status of 400 (Bad Request)",
    ]);
    await page.close();
  }, 60_000);

  it("opens an eval report and its charts, the suite's charts over time, a transcript and a comparison", async () => {
    const { page, problems } = await signedIn("viewer");
    await page.goto(`${server.origin}/evals`);
    await shot(page, "evals-list");
    await page.click('a[href="/evals/eval-bad"]');
    await page.goto(`${server.origin}/evals/eval-bad?limit=10`);
    const bars = page.locator("#metrics-chart rect.bar");
    expect(await bars.count()).toBe(5);
    const widths = await bars.evaluateAll((rects) => rects.map((r) => r.getBoundingClientRect().width));
    expect(widths.every((w) => w >= 0)).toBe(true);
    expect(await page.locator("#passk-chart rect.bar").count()).toBe(2);
    await shot(page, "eval-report");
    await page.locator("a.transcript-link").first().click();
    expect(await page.locator("#transcript").textContent()).toMatch(
      /^Trial \d+ of case .* \(eval eval-bad\): failed/,
    );
    await shot(page, "eval-transcript");
    await page.goto(`${server.origin}/evals/suites/lead-routing`);
    expect(await page.locator("#scores-over-time path.line").count()).toBe(5);
    const box = await page.locator("#scores-over-time svg.line-chart").boundingBox();
    expect(box?.width).toBeGreaterThan(300);
    await shot(page, "eval-series");
    await page.goto(`${server.origin}/evals/compare?before=eval-good&after=eval-bad`);
    expect(await page.locator("#regressions tbody tr").count()).toBeGreaterThan(0);
    await shot(page, "eval-compare");
    await page.goto(`${server.origin}/weekly`);
    await shot(page, "weekly");
    await page.goto(`${server.origin}/autonomy/lead-routing`);
    expect(await page.locator("#cells tbody tr").count()).toBeGreaterThan(0);
    await shot(page, "autonomy");
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
