import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Role } from "../../src/server/auth/roles.js";
import { seedRun } from "./seed.js";
import { startTestServer, type TestServer, tokens } from "./server-harness.js";

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
  await seedRun(server.store, { id: "run-1", startedBy: "approver", approval: { id: "appr-1" } });
  await seedRun(server.store, { id: "run-2", startedBy: "someone", approval: { id: "appr-2" } });
});
afterEach(async () => {
  await server.close();
});

const post = (path: string, role: Role | undefined, body: Record<string, string> = {}) =>
  fetch(`${server.origin}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(role === undefined ? {} : { authorization: `Bearer ${tokens[role]}` }),
    },
    body: JSON.stringify(body),
  });

const pages = [
  "/",
  "/runs",
  "/runs/run-1",
  "/approvals",
  "/approvals/appr-1",
  "/workflows",
  "/workflows/lead-routing",
];

describe("reins serve: every page and its JSON twin needs a token", () => {
  it("answers 401 without one, 200 with a viewer's", async () => {
    for (const page of pages) {
      const api = page === "/" ? "/api/" : `/api${page}`;
      expect([page, (await server.get(page)).status]).toEqual([page, 401]);
      expect([api, (await server.get(api)).status]).toEqual([api, 401]);
      expect([page, (await server.get(page, "viewer")).status]).toEqual([page, 200]);
      expect([api, (await server.get(api, "viewer")).status]).toEqual([api, 200]);
    }
    for (const path of [
      "/approvals/appr-2/approve",
      "/api/approvals/appr-2/reject",
      "/api/workflows/lead-routing/pause",
    ]) {
      expect([path, (await post(path, undefined)).status]).toEqual([path, 401]);
    }
    expect((await server.store.approvals.get("appr-2"))?.status).toBe("pending");
  });
});

describe("reins serve: roles", () => {
  it("a viewer cannot review or decide, a reviewer cannot approve calls: 403, nothing recorded", async () => {
    for (const role of ["viewer", "reviewer"] as const) {
      const approve = await post("/api/approvals/appr-2/approve", role);
      expect(approve.status).toBe(403);
      expect(await approve.json()).toEqual({
        error: { code: "forbidden", message: `this needs the approver role; ${role} is a ${role}` },
      });
      expect((await post("/api/approvals/appr-2/reject", role, { reason: "no" })).status).toBe(403);
      expect((await post("/api/workflows/lead-routing/pause", role, { reason: "stop" })).status).toBe(403);
    }
    expect((await server.store.approvals.get("appr-2"))?.status).toBe("pending");
    expect((await server.store.workflows.get("lead-routing")).paused).toBe(false);
  });

  it("nobody approves a call of a run they started, whatever their role", async () => {
    const own = await post("/api/approvals/appr-1/approve", "approver");
    expect(own.status).toBe(403);
    expect(await own.json()).toEqual({
      error: {
        code: "forbidden",
        message: "approver started run run-1: someone else must approve its calls",
      },
    });
    expect((await server.store.approvals.get("appr-1"))?.status).toBe("pending");
    // Someone else's run: approved, as `reins approvals approve` records it, with who entered it.
    const other = await post("/api/approvals/appr-2/approve", "approver", { note: "fine" });
    expect(other.status).toBe(200);
    expect(await server.store.approvals.get("appr-2")).toMatchObject({
      status: "approved",
      decidedBy: "approver",
      enteredBy: "operator via reins serve",
      note: "fine",
    });
    const events = await server.store.audit.list("run-2");
    expect(events.at(-1)).toMatchObject({
      type: "approval.decided",
      data: {
        approvalId: "appr-2",
        status: "approved",
        decidedBy: "approver",
        enteredBy: "operator via reins serve",
      },
    });
    // Deciding again is refused as the CLI refuses it.
    const again = await post("/api/approvals/appr-2/reject", "admin", { reason: "late" });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe("REINS_APPROVAL_INVALID");
  });

  it("binds a decision to the input the decider saw, and a rejection needs a reason", async () => {
    const stale = await post("/api/approvals/appr-2/approve", "admin", { inputHash: "0".repeat(64) });
    expect(stale.status).toBe(409);
    const noReason = await post("/api/approvals/appr-2/reject", "admin", {});
    expect(noReason.status).toBe(400);
    expect(await noReason.json()).toMatchObject({
      error: {
        code: "REINS_USAGE",
        message: "a rejection needs a reason: the agent reads it when the run resumes",
      },
    });
    expect((await server.store.approvals.get("appr-2"))?.status).toBe("pending");
    const unknown = await post("/api/approvals/appr-nope/approve", "admin");
    expect(unknown.status).toBe(404);
  });

  it("an approver pauses a workflow; only an admin resumes it; both are in its history", async () => {
    expect(
      (await post("/api/workflows/lead-routing/pause", "approver", { reason: "too many errors" })).status,
    ).toBe(200);
    expect(await server.store.workflows.get("lead-routing")).toMatchObject({
      paused: true,
      pausedReason: "paused by approver (entered by operator via reins serve): too many errors",
    });
    expect((await post("/api/workflows/lead-routing/resume", "approver")).status).toBe(403);
    expect((await post("/api/workflows/lead-routing/resume", "admin")).status).toBe(200);
    expect((await server.store.workflows.get("lead-routing")).paused).toBe(false);
    const page = (await (await server.get("/api/workflows/lead-routing", "viewer")).json()) as {
      history: { type: string }[];
    };
    expect(page.history.map((h) => h.type)).toEqual(["workflow.resumed", "workflow.paused"]);
    expect((await post("/api/workflows/lead-rooting/pause", "admin", { reason: "x" })).status).toBe(404);
  });
});

describe("reins serve: cross-site forms", () => {
  it("refuses a cross-site approve form with 403 even with the session cookie and its CSRF token", async () => {
    const { cookie, csrf } = await server.signIn("admin", "/approvals");
    expect(csrf).not.toBe("");
    const form = (headers: Record<string, string>, body: string) =>
      fetch(`${server.origin}/approvals/appr-2/approve`, {
        method: "POST",
        redirect: "manual",
        headers: { cookie, "content-type": "application/x-www-form-urlencoded", ...headers },
        body,
      });
    expect(
      (await form({ "sec-fetch-site": "cross-site", origin: "https://evil.example" }, `_csrf=${csrf}`))
        .status,
    ).toBe(403);
    expect((await form({ origin: "https://evil.example" }, `_csrf=${csrf}`)).status).toBe(403);
    expect((await form({ "sec-fetch-site": "same-origin" }, "note=x")).status).toBe(403);
    expect((await server.store.approvals.get("appr-2"))?.status).toBe("pending");
    const ok = await form(
      { "sec-fetch-site": "same-origin", origin: server.origin },
      `_csrf=${csrf}&note=ok`,
    );
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("/approvals/appr-2");
    expect((await server.store.approvals.get("appr-2"))?.status).toBe("approved");
  });
});

describe("reins serve: lists are paginated", () => {
  it("pages runs with a cursor and refuses a bad limit, cursor or status with 400", async () => {
    for (let i = 3; i <= 7; i++) await seedRun(server.store, { id: `run-${i}` });
    const first = (await (await server.get("/api/runs?limit=3", "viewer")).json()) as {
      items: { id: string }[];
      nextCursor: string;
    };
    expect(first.items).toHaveLength(3);
    const second = (await (
      await server.get(`/api/runs?limit=3&cursor=${first.nextCursor}`, "viewer")
    ).json()) as {
      items: { id: string }[];
      nextCursor: string | null;
    };
    expect(second.items).toHaveLength(3);
    const third = (await (
      await server.get(`/api/runs?limit=3&cursor=${second.nextCursor}`, "viewer")
    ).json()) as {
      items: { id: string }[];
      nextCursor: string | null;
    };
    expect(third.nextCursor).toBeNull();
    const ids = [...first.items, ...second.items, ...third.items].map((r) => r.id);
    expect(new Set(ids).size).toBe(7);
    expect((await server.get("/api/runs?limit=1000", "viewer")).status).toBe(400);
    expect((await server.get("/api/runs?cursor=bogus", "viewer")).status).toBe(400);
    expect((await server.get("/api/runs?status=done", "viewer")).status).toBe(400);
    const unknown = (await (await server.get("/api/runs?workflow=lead-rooting", "viewer")).json()) as {
      unknownWorkflow: unknown;
    };
    expect(unknown.unknownWorkflow).toEqual({ name: "lead-rooting", didYouMean: "lead-routing" });
  });
});
