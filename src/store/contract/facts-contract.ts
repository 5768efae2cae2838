import { expect, it } from "vitest";
import type { FactRecord } from "../store.js";
import { type ContractFixture, T0 } from "./fixture.js";

const fact = (key: string, value: unknown, extra: Partial<FactRecord> = {}) => ({
  charter: "lead-routing",
  key,
  value,
  provenance: "verified" as const,
  source: "crm",
  ttlSeconds: null,
  ...extra,
});

/** `Store["facts"]`: facts with provenance, scoped per charter, newest first, expiring after their TTL. */
export function factsContract(f: ContractFixture): void {
  it("puts a fact stamped with the clock, or with the time given, and lists it back", async () => {
    const put = await f.store.facts.put(fact("owner", { name: "Ana" }));
    expect(put).toEqual({ id: put.id, ...fact("owner", { name: "Ana" }), recordedAt: T0 });
    expect(put.id).toMatch(/\S/);
    const old = await f.store.facts.put({ ...fact("plan", "pro"), recordedAt: "2024-06-01T00:00:00Z" });
    expect(old.recordedAt).toBe("2024-06-01T00:00:00.000Z");
    expect(await f.store.facts.list("lead-routing")).toEqual([put, old]);
  });

  it("scopes facts per charter and key, newest first", async () => {
    const a = await f.store.facts.put(fact("size", 120));
    f.clock.advance(1);
    const b = await f.store.facts.put({ ...fact("size", 150), provenance: "inferred", source: "run-7" });
    f.clock.advance(1);
    const c = await f.store.facts.put(fact("owner", "Ana"));
    const other = await f.store.facts.put({ ...fact("size", 9), charter: "support-triage" });
    expect(await f.store.facts.list("lead-routing")).toEqual([c, b, a]);
    expect(await f.store.facts.list("lead-routing", { key: "size" })).toEqual([b, a]);
    expect(await f.store.facts.list("support-triage")).toEqual([other]);
    expect(await f.store.facts.list("nothing")).toEqual([]);
  });

  it("reads a fact past its TTL as expired, by the store's clock or the `now` given", async () => {
    const shortLived = await f.store.facts.put({
      ...fact("status", "trial"),
      provenance: "observed",
      ttlSeconds: 60,
    });
    f.clock.advance(1);
    const forever = await f.store.facts.put(fact("domain", "acme.com"));
    const provenances = (facts: FactRecord[]) => facts.map((item) => [item.key, item.provenance]);

    f.clock.advance(58);
    expect(provenances(await f.store.facts.list("lead-routing"))).toEqual([
      ["domain", "verified"],
      ["status", "observed"],
    ]);
    f.clock.advance(1);
    const expired = await f.store.facts.list("lead-routing");
    expect(expired).toEqual([forever, { ...shortLived, provenance: "expired" }]);

    const earlier = new Date(Date.parse(T0) + 30_000);
    expect(provenances(await f.store.facts.list("lead-routing", { key: "status", now: earlier }))).toEqual([
      ["status", "observed"],
    ]);
    const muchLater = new Date(Date.parse(T0) + 365 * 86_400_000);
    expect(provenances(await f.store.facts.list("lead-routing", { now: muchLater }))).toEqual([
      ["domain", "verified"],
      ["status", "expired"],
    ]);
  });
}
