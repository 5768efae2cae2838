import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Suite } from "reins";
import { checkOracles } from "reins/eval";
import { beforeAll, describe, expect, it } from "vitest";
import { loadRetailDb } from "./retail/db.js";
import { tau2RetailSuite } from "./tau2/build-suite.js";

describe("the oracle: τ²'s gold actions replayed through the gate", () => {
  let suite: Suite;
  beforeAll(async () => {
    suite = await tau2RetailSuite();
  });

  it("reads all 74 τ² tasks as cases, id for id", () => {
    expect(suite.cases).toHaveLength(74);
    expect(suite.cases.slice(0, 5).map((c) => c.id)).toEqual(["0", "1", "2", "3", "4"]);
  });

  it("scores full marks on every task, and saves each final database in db.json's shape", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tau2-states-"));
    try {
      const check = await checkOracles({ suite, saveStatesDir: dir });
      expect(check.broken).toEqual([]);
      expect(check.withoutOracle).toEqual([]);
      expect(check.checked).toBe(74);
      const files = await readdir(dir);
      expect(files).toHaveLength(74);
      const state = JSON.parse(await readFile(join(dir, "0.json"), "utf8"));
      const db = loadRetailDb();
      expect(Object.keys(state)).toEqual(["products", "users", "orders"]);
      expect(Object.keys(state.orders).length).toBe(Object.keys(db.orders).length);
      expect(state.orders["#W2378156"].status).toBe("exchange requested");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
