import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { root, type Sandbox, sandbox } from "../e2e/cli-harness.js";

// The dashboard in real Chromium, the way people use it: `reins serve` (the built CLI) on a store that `reins run`
// and `reins resume` write to at the same time, tokens from a users file. Debian's Chromium only.
const executablePath = "/usr/bin/chromium";
const workflow = "test/fixtures/effects-workflow";
const shots = process.env.REINS_SCREENSHOTS ?? join(tmpdir(), "reins-dashboard-screenshots");
const tokens = { ana: "ana-token-0123456789abcdefgh", ops: "ops-token-0123456789abcdefgh" };

let s: Sandbox;
let serve: ChildProcess;
let origin: string;
let browser: Browser;

async function startServe(): Promise<string> {
  const users = join(s.dir, "users.yaml");
  // ana approves; ops (an admin) resumes workflows. Neither is the OS user who runs `reins run`.
  writeFileSync(
    users,
    `version: 1\nusers:\n  - { name: ana, role: approver, token: ${tokens.ana} }\n  - { name: ops, role: admin, token: ${tokens.ops} }\n`,
  );
  serve = spawn(process.execPath, [join(root, "bin/reins.js"), "serve", "--port", "0", "--users", users], {
    cwd: root,
    env: s.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  serve.stderr?.on("data", (chunk) => {
    out += String(chunk);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`reins serve did not start: ${out}`)), 20_000);
    serve.stdout?.on("data", (chunk) => {
      out += String(chunk);
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
}

beforeAll(async () => {
  if (!existsSync(executablePath)) {
    throw new Error(
      `${executablePath} is missing: the browser tests need Chromium. Run \`apt-get install -y chromium\``,
    );
  }
  mkdirSync(shots, { recursive: true });
  s = sandbox();
  const input = s.input("in.json", { steps: 1, email: true });
  expect(s.reins("run", workflow, "--input", input, "--run-id", "run-web-1").code).toBe(0);
  origin = await startServe();
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
}, 60_000);

afterAll(async () => {
  await browser?.close();
  serve?.kill("SIGTERM");
});

/** A signed-in browser for `who`, recording requests off the server and every console error (CSP ones included). */
async function signIn(
  who: keyof typeof tokens,
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("request", (request) => {
    if (!request.url().startsWith(origin)) problems.push(`request off the server: ${request.url()}`);
  });
  await page.goto(`${origin}/?token=${tokens[who]}`);
  expect(new URL(page.url()).search).toBe("");
  const cookies = await context.cookies();
  expect(cookies.map((c) => [c.name, c.httpOnly, c.sameSite])).toEqual([["reins_session", true, "Strict"]]);
  return { context, page, problems };
}

async function shot(page: Page, name: string): Promise<void> {
  const path = join(shots, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  console.log(`screenshot: ${path}`);
}

describe("the dashboard in Chromium", () => {
  it("approves a waiting call from the page; the run resumes from the CLI", async () => {
    const { context, page, problems } = await signIn("ana");
    await shot(page, "home");
    await page.locator("header nav").getByRole("link", { name: "Approvals" }).click();
    const card = page.locator(".approval").first();
    expect(await card.locator("strong.mono").textContent()).toBe("send_email");
    // The input as the audit log keeps it: the SSN redacted.
    expect(await card.locator("pre.json").textContent()).toContain('"ssn": "[REDACTED]"');
    await shot(page, "approvals");
    await card.getByLabel("Note (optional)").fill("looks right");
    await card.getByRole("button", { name: "Approve" }).click();
    await page.waitForURL(/\/approvals\/appr_[0-9a-f]+$/);
    expect(await page.locator("#decision").textContent()).toMatch(
      /^approved by ana \(entered by .+ via reins serve\)/,
    );
    await shot(page, "approval-decided");

    const resumed = await s.reinsAsync("resume", workflow, "run-web-1");
    expect(resumed.code).toBe(0);
    expect(resumed.stdout.split("\n")[0]).toBe("run run-web-1: completed");

    await page.goto(`${origin}/runs`);
    expect(await page.locator("#runs tbody tr").first().locator(".badge").textContent()).toBe("completed");
    await shot(page, "runs");
    await page.getByRole("link", { name: "run-web-1" }).click();
    expect(await page.locator("#verify").textContent()).toBe("Audit chain verified: intact.");
    const types = await page.locator("#trace > li > strong").allTextContents();
    expect(types).toContain("approval.decided");
    expect(types.at(-1)).toBe("run.ended");
    await shot(page, "run-trace");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("pauses a workflow from the page (the CLI then refuses to run it) and resumes it", async () => {
    const { context, page, problems } = await signIn("ops");
    await page.locator("header nav").getByRole("link", { name: "Workflows" }).click();
    expect(await page.locator("#workflows tbody tr td a").first().textContent()).toBe("effects");
    await shot(page, "workflows");
    await page.getByRole("link", { name: "effects", exact: true }).click();
    await page.getByLabel("Reason").fill("checking a bad deploy");
    await page.getByRole("button", { name: "Pause" }).click();
    await page.waitForURL(`${origin}/workflows/effects`);
    expect(await page.locator("#kill-switch").textContent()).toContain("Paused: paused by ops");
    await shot(page, "workflow-paused");

    const input = s.input("in2.json", { steps: 1 });
    const refused = await s.reinsAsync("run", workflow, "--input", input);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('workflow "effects" is paused: paused by ops');

    await page.getByRole("button", { name: "Resume" }).click();
    await page.waitForURL(`${origin}/workflows/effects`);
    expect(await page.locator("#kill-switch .badge").first().textContent()).toBe("running");
    expect(await page.locator("#history > li > strong").allTextContents()).toEqual([
      "workflow.resumed",
      "workflow.paused",
    ]);
    await shot(page, "workflow-resumed");
    expect((await s.reinsAsync("run", workflow, "--input", input)).code).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("sends a browser without a session to the sign-in page; a form posted from another page changes nothing", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${origin}/runs`);
    expect(response?.status()).toBe(401);
    await shot(page, "sign-in");
    await page.getByLabel("Token").fill(tokens.ana);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${origin}/`);
    // A page of another origin posts a form to the dashboard: SameSite=Strict keeps the session cookie off it, so it
    // is not signed in (401). With the cookie, Sec-Fetch-Site: cross-site is a 403 (test/server/roles.test.ts).
    const evil = await context.newPage();
    await evil.setContent(
      `<form id="f" method="post" action="${origin}/workflows/effects/pause"><input name="reason" value="x"></form>`,
    );
    const [answer] = await Promise.all([
      evil.waitForResponse((r) => r.url().endsWith("/workflows/effects/pause")),
      evil.evaluate("document.getElementById('f').submit()"),
    ]);
    expect(answer.status()).toBe(401);
    expect(s.reins("workflow", "status", "effects").stdout).toBe("effects: running\n");
    await context.close();
  });
});
