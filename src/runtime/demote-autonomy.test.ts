import { describe, expect, it } from "vitest";
import { createAuditLog } from "../audit/audit-log.js";
import { openMemoryStore } from "../store/memory-store.js";
import { demoteCertified, demotedLevels } from "./demote-autonomy.js";

const charter = { name: "lead-routing", version: "2" };
// The store stamps certificates with the real clock: the demotion keeps the expiry as of now.
const now = new Date();

async function certified() {
  const store = openMemoryStore();
  const audit = createAuditLog({ store });
  const first = await store.certificates.append({
    id: "cert-1",
    charter: "lead-routing",
    charterVersion: "2",
    levels: {
      nurture: { read: "supervised", action: "draft" },
      ignore: { read: "supervised", action: "supervised" },
    },
    level: "draft",
    evidenceDigest: "e",
    promotedBy: "ana",
    validForMs: 30 * 24 * 3600 * 1000,
  });
  return { store, audit, first };
}

describe("demotedLevels", () => {
  it("drops the cells of the options given (all when none) one level, never below shadow", () => {
    const levels = { a: { read: "autonomous", action: "shadow" }, b: { read: "draft" } };
    expect(demotedLevels(levels, undefined)).toEqual({
      a: { read: "supervised", action: "shadow" },
      b: { read: "shadow" },
    });
    expect(demotedLevels(levels, ["b"])).toEqual({
      a: { read: "autonomous", action: "shadow" },
      b: { read: "shadow" },
    });
  });
});

describe("demoteCertified", () => {
  it("appends a certificate one level lower, with the same expiry, and audits it; the same cause demotes once", async () => {
    const { store, audit, first } = await certified();
    const cause = {
      kind: "redteam-regression" as const,
      detail: "red-team regression (rt-1)",
      key: "redteam:rt-1",
    };
    const demoted = await demoteCertified({ store, audit, charter, cause, now });
    expect(demoted).toMatchObject({
      seq: 2,
      charter: "lead-routing",
      charterVersion: "2",
      levels: { nurture: { read: "draft", action: "shadow" }, ignore: { read: "draft", action: "draft" } },
      level: "shadow",
      prevHash: first.hash,
    });
    // The same expiry, give or take the moments between reading the clock and the store's stamp.
    expect(Math.abs(Date.parse(demoted?.expiresAt ?? "") - Date.parse(first.expiresAt))).toBeLessThan(1000);
    expect(demoted?.promotedBy).toMatch(/^reins \(demoted: red-team regression \(rt-1\)\) \[[0-9a-f]{16}\]$/);
    const events = await store.audit.list("workflow:lead-routing");
    expect(events.map((e) => e.type)).toEqual(["autonomy.demoted"]);
    expect(events[0]?.data).toMatchObject({
      from: "cert-1",
      previousLevel: "draft",
      level: "shadow",
      cause: { kind: "redteam-regression" },
    });
    expect(await demoteCertified({ store, audit, charter, cause, now })).toBeUndefined();
    // Another cause drops it again, here only the option it concerns.
    const miss = {
      kind: "critical-miss" as const,
      detail: "critical shadow miss (h1)",
      key: "critical:h1",
      options: ["ignore"],
    };
    expect((await demoteCertified({ store, audit, charter, cause: miss, now }))?.levels).toEqual({
      nurture: { read: "draft", action: "shadow" },
      ignore: { read: "shadow", action: "shadow" },
    });
    expect((await store.certificates.list()).map((c) => c.seq)).toEqual([1, 2, 3]);
  });

  it("writes nothing without a valid certificate for the version, or when every cell is shadow already", async () => {
    const { store, audit } = await certified();
    const cause = { kind: "kill-switch" as const, detail: "paused", key: "pause:1" };
    expect(
      await demoteCertified({ store, audit, charter: { ...charter, version: "3" }, cause, now }),
    ).toBeUndefined();
    expect(
      await demoteCertified({ store, audit, charter: { name: "other", version: "2" }, cause, now }),
    ).toBeUndefined();
    await demoteCertified({ store, audit, charter, cause, now });
    await demoteCertified({ store, audit, charter, cause: { ...cause, key: "pause:2" }, now });
    await demoteCertified({ store, audit, charter, cause: { ...cause, key: "pause:3" }, now });
    expect(
      await demoteCertified({ store, audit, charter, cause: { ...cause, key: "pause:4" }, now }),
    ).toBeUndefined();
    expect((await store.certificates.list()).at(-1)?.level).toBe("shadow");
  });
});
