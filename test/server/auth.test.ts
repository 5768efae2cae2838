import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, tokens } from "./server-harness.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe("reins serve: who may ask", () => {
  it("answers /api/health without a token", async () => {
    const response = await server.get("/api/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, version: "test" });
  });

  it("answers 401 to a page or an API route without a token, or with a wrong one", async () => {
    for (const path of ["/", "/api/"]) {
      expect((await server.get(path)).status).toBe(401);
      const wrong = await fetch(`${server.origin}${path}`, {
        headers: { authorization: "Bearer not-a-token" },
      });
      expect(wrong.status).toBe(401);
    }
    const page = await server.get("/");
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const api = await server.get("/api/");
    expect(await api.json()).toEqual({
      error: { code: "unauthorized", message: "this dashboard needs a token" },
    });
    expect((await fetch(`${server.origin}/?token=wrong`, { redirect: "manual" })).status).toBe(401);
  });

  it("exchanges ?token= for an HttpOnly, SameSite=Strict session cookie and drops the token from the URL", async () => {
    const response = await fetch(`${server.origin}/?token=${tokens.viewer}&x=1`, { redirect: "manual" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/?x=1");
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^reins_session=[\w-]{30,};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    const page = await fetch(`${server.origin}/`, { headers: { cookie: cookie.split(";")[0] ?? "" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Signed in as <strong>viewer</strong> (viewer)");
    const forged = await fetch(`${server.origin}/`, { headers: { cookie: "reins_session=made-up" } });
    expect(forged.status).toBe(401);
  });

  it("accepts a bearer token on the API", async () => {
    const response = await server.get("/api/", "reviewer");
    expect(response.status).toBe(200);
    expect(((await response.json()) as { user: unknown }).user).toEqual({
      name: "reviewer",
      role: "reviewer",
    });
  });

  it("sends a Content-Security-Policy without inline scripts on every answer", async () => {
    for (const response of [
      await server.get("/api/health"),
      await server.get("/"),
      await server.get("/", "admin"),
    ]) {
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toContain("unsafe-inline");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });

  it("serves its style sheet and script from the package", async () => {
    const css = await server.get("/assets/reins.css");
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    const js = await server.get("/assets/reins.js");
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(await js.text()).toContain("use strict");
  });
});

describe("reins serve: forms from another site", () => {
  it("refuses a cross-site POST, and one without the session's CSRF token, with 403", async () => {
    const { cookie, csrf } = await server.signIn("admin");
    expect(csrf).toMatch(/^[\w-]{30,}$/);
    const post = (headers: Record<string, string>, body: string) =>
      fetch(`${server.origin}/logout`, {
        method: "POST",
        redirect: "manual",
        headers: { cookie, "content-type": "application/x-www-form-urlencoded", ...headers },
        body,
      });
    expect((await post({ "sec-fetch-site": "cross-site" }, `_csrf=${csrf}`)).status).toBe(403);
    expect((await post({ origin: "http://evil.example" }, `_csrf=${csrf}`)).status).toBe(403);
    expect((await post({ "sec-fetch-site": "same-origin" }, "")).status).toBe(403);
    expect((await post({ "sec-fetch-site": "same-origin" }, "_csrf=wrong")).status).toBe(403);
    // The same form from the dashboard's own page goes through.
    const ok = await post({ "sec-fetch-site": "same-origin", origin: server.origin }, `_csrf=${csrf}`);
    expect(ok.status).toBe(303);
  });
});
