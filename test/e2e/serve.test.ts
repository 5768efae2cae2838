import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sandbox } from "./cli-harness.js";

// `reins serve` refuses what it cannot serve safely before it listens: exit 2, a located message, no stack.
describe("reins serve: bad flags and files", () => {
  it("refuses a non-loopback --host without --allow-remote", () => {
    const s = sandbox();
    const result = s.reins("serve", "--host", "0.0.0.0", "--port", "0");
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "--host 0.0.0.0 is not a loopback address: the dashboard would be reachable from other machines over plain HTTP\n" +
        "hint: keep the default 127.0.0.1 (reach it through an SSH tunnel), or add --allow-remote behind a TLS proxy\n",
    );
  });

  it("refuses a bad port, a short token, and --token with --users", () => {
    const s = sandbox();
    expect(s.reins("serve", "--port", "99999")).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--port must be a port number from 0 to 65535, got "99999"'),
    });
    expect(s.reins("serve", "--port", "0", "--token", "short")).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        "--token must be at least 24 characters with no spaces, got 5 characters",
      ),
    });
    const users = join(s.dir, "users.yaml");
    writeFileSync(
      users,
      "version: 1\nusers:\n  - { name: ana, role: admin, token: a-token-of-at-least-24-chars }\n",
    );
    expect(
      s.reins("serve", "--port", "0", "--users", users, "--token", "a-token-of-at-least-24-chars"),
    ).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("--token and --users are two ways to say who signs in: give one"),
    });
  });

  it("names the file, line and field of a users file it refuses", () => {
    const s = sandbox();
    const users = join(s.dir, "users.yaml");
    writeFileSync(
      users,
      "version: 1\nusers:\n  - name: ana\n    role: boss\n    token: a-token-of-at-least-24-chars\n",
    );
    const result = s.reins("serve", "--port", "0", "--users", users);
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe(
      `${users}:4:11 users[0].role: must be one of "viewer", "reviewer", "approver", "admin", got "boss"`,
    );
    expect(s.reins("serve", "--port", "0", "--users", join(s.dir, "nope.yaml"))).toMatchObject({ code: 2 });
  });
});

describe("reins serve: start-up", () => {
  it("prints the address with a generated token, signs in with it, and stops cleanly on SIGTERM", async () => {
    const s = sandbox();
    const child = s.spawnReins("serve", "--port", "0");
    let out = "";
    child.stdout?.on("data", (chunk) => {
      out += String(chunk);
    });
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    const deadline = Date.now() + 20_000;
    while (!/\?token=/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const lines = out.split("\n");
    expect(lines[0]).toMatch(/^reins serve: listening on http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines[1]).toMatch(/^open http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
    const url = lines[1]?.slice("open ".length) ?? "";
    const signIn = await fetch(url, { redirect: "manual" });
    expect(signIn.status).toBe(303);
    expect((await fetch(new URL("/api/runs", url))).status).toBe(401);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(out).toContain("reins serve: stopped");
  });
});
