// Issue 13, item 2: "an audit log that an insider cannot quietly rewrite". Through the real CLI: a run is written,
// then the store is tampered with as someone with write access to reins.db (but not the audit key) could.
import { chmodSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { computeEventHash, GENESIS_HASH } from "../../../src/audit-event/event-hash.js";
import { nextStoreEntry } from "../../../src/audit-event/store-chain-hash.js";
import { type Sandbox, sandbox } from "../cli-harness.js";

function ranOnce(env: Record<string, string> = {}): { s: Sandbox; runId: string } {
  const s = sandbox();
  Object.assign(s.env, env);
  const input = s.input("input.json", { steps: 1 });
  const run = s.reins("run", "test/fixtures/effects-workflow", "--input", input);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  const db = new Database(s.store, { readonly: true });
  const { id } = db.prepare("select id from runs").get() as { id: string };
  db.close();
  return { s, runId: id };
}

function tamper(s: Sandbox, ...statements: string[]): void {
  const db = new Database(s.store);
  for (const statement of statements) db.exec(statement);
  db.close();
}

/** Rewrites a run's events (data of event 3 changed), head and store chain with hashes computed as the store would, but without the key. */
function rewriteEverything(s: Sandbox, runId: string, attackerKey?: Uint8Array): void {
  const db = new Database(s.store);
  const rows = db.prepare("select * from audit_events where run_id = ? order by seq").all(runId) as {
    seq: number;
    type: string;
    at: string;
    data: string;
  }[];
  let prevHash = GENESIS_HASH;
  const update = db.prepare(
    "update audit_events set data = ?, prev_hash = ?, hash = ?, schema_version = ? where run_id = ? and seq = ?",
  );
  const hashes = new Map<number, string>();
  for (const row of rows) {
    const data = row.seq === 3 ? { ...JSON.parse(row.data), input: { step: 999 } } : JSON.parse(row.data);
    const schemaVersion: 1 | 2 = attackerKey === undefined ? 1 : 2;
    const event = { schemaVersion, runId, seq: row.seq, type: row.type, at: row.at, data, prevHash };
    const hash = computeEventHash(event, attackerKey ? { secret: attackerKey } : undefined);
    update.run(JSON.stringify(data), prevHash, hash, schemaVersion, runId, row.seq);
    hashes.set(row.seq, hash);
    prevHash = hash;
  }
  db.prepare("update audit_heads set head_hash = ? where run_id = ?").run(prevHash, runId);
  const entries = db.prepare("select * from audit_store_chain order by seq").all() as {
    run_id: string;
    run_count: number;
    at: string;
  }[];
  let tail: { seq: number; hash: string } | undefined;
  db.exec("delete from audit_store_chain");
  for (const e of entries) {
    const entry = nextStoreEntry(
      { runId: e.run_id, count: e.run_count, headHash: hashes.get(e.run_count) as string },
      tail,
      e.at,
      attackerKey ? { secret: attackerKey } : undefined,
    );
    db.prepare(
      "insert into audit_store_chain (seq, run_id, run_count, run_head, at, prev_hash, hash, schema_version) values (?, ?, ?, ?, ?, ?, ?, ?)",
    ).run(
      entry.seq,
      entry.runId,
      entry.runCount,
      entry.runHead,
      entry.at,
      entry.prevHash,
      entry.hash,
      entry.schemaVersion,
    );
    tail = entry;
  }
  db.close();
}

describe("audit verify detects whole-run and whole-store deletions", () => {
  it("names a run whose events and chain head were deleted", () => {
    const { s, runId } = ranOnce();
    tamper(
      s,
      `delete from audit_events where run_id = '${runId}'`,
      `delete from audit_heads where run_id = '${runId}'`,
    );
    const verify = s.reins("audit", "verify");
    expect(verify.stdout).toContain(`TAMPERED deleted: store chain (run ${runId}): run ${runId} is gone`);
    expect(verify.stdout).toMatch(/audit log NOT intact/);
    expect(verify.code).toBe(1);
  });

  it("names an emptied log (both tables emptied)", () => {
    const { s } = ranOnce();
    tamper(s, "delete from audit_events", "delete from audit_heads");
    const verify = s.reins("audit", "verify");
    expect(verify.stdout).toMatch(/TAMPERED deleted: .* is gone/);
    expect(verify.code).toBe(1);
  });

  it("names an emptied log and store chain, from the manifest kept beside the store", () => {
    const { s } = ranOnce();
    const manifest = `${s.store}.anchor.json`;
    expect(statSync(manifest).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(manifest, "utf8"))).toMatchObject({ position: 2, events: 6, runs: 1 });
    tamper(s, "delete from audit_events", "delete from audit_heads", "delete from audit_store_chain");
    const verify = s.reins("audit", "verify");
    expect(verify.stdout).toContain(
      "TAMPERED truncated: store chain entry 2: the store chain is empty; the manifest",
    );
    expect(verify.code).toBe(1);
  });

  it("reports a reins.db truncated to zero bytes as empty when the manifest says otherwise", () => {
    const { s } = ranOnce();
    writeFileSync(s.store, "");
    const verify = s.reins("audit", "verify");
    expect(verify.stdout).toContain(
      `TAMPERED truncated: store: the store ${s.store} is empty (0 bytes); the manifest`,
    );
    expect(verify.stdout).toContain("records store chain entry 2 (6 events in 1 runs)");
    expect(verify.code).toBe(1);
  });
});

describe("run records are checked against the chain", () => {
  it("audit show reads the status from the chain and flags the edited record; verify counts it", () => {
    const { s, runId } = ranOnce();
    tamper(s, "update runs set status = 'failed'");
    const show = s.reins("audit", "show", runId);
    expect(show.stdout).toContain(
      "status    completed (runs table says failed — the record disagrees with the audit chain)",
    );
    const verify = s.reins("audit", "verify");
    expect(verify.stdout).toContain(
      `TAMPERED disagrees: run ${runId} record: the runs table says failed; the audit chain says completed (event 6)`,
    );
    expect(verify.code).toBe(1);
  });
});

describe("an anchor kept elsewhere", () => {
  it("catches a store rewound to before it, even with the manifest gone; a bad anchor file is a located error", () => {
    const { s, runId } = ranOnce();
    const anchor = join(s.dir, "anchor.json");
    expect(s.reins("audit", "anchor", "--out", anchor).code).toBe(0);
    expect(statSync(anchor).mode & 0o777).toBe(0o600);
    tamper(
      s,
      `delete from audit_events where run_id = '${runId}'`,
      `delete from audit_heads where run_id = '${runId}'`,
      "delete from audit_store_chain",
    );
    writeFileSync(
      `${s.store}.anchor.json`,
      readFileSync(anchor, "utf8").replace('"position": 2', '"position": 0'),
    );
    const verify = s.reins("audit", "verify", "--anchor", anchor);
    expect(verify.stdout).toContain(
      `TAMPERED truncated: store chain entry 2: the store chain is empty; the anchor ${anchor}`,
    );
    expect(verify.code).toBe(1);

    writeFileSync(anchor, '{"format":"reins-audit-anchor","version":1,"position":-1}');
    const bad = s.reins("audit", "verify", "--anchor", anchor);
    expect(bad.stderr).toContain(
      `the audit anchor ${anchor} is not valid: position must be a whole number, 0 or more`,
    );
    expect(bad.code).toBe(2);
  });
});

describe("a keyed audit log", () => {
  const key = "k".repeat(32);

  it("detects events, head and store chain rewritten together without the key", () => {
    const { s, runId } = ranOnce({ REINS_AUDIT_KEY: key });
    expect(s.reins("audit", "verify").stdout).toMatch(
      /^audit log intact: 6 events .*; 8 keyed entries checked/,
    );
    rmManifest(s);
    rewriteEverything(s, runId, Buffer.from("a guess at the key, wrong"));
    const forged = s.reins("audit", "verify");
    expect(forged.stdout).toContain("KEY wrong-key: none of the 8 keyed entries verifies with this key");
    expect(forged.code).toBe(1);
  });

  it("detects a keyed run rewritten as unkeyed (a downgrade)", () => {
    const { s, runId } = ranOnce({ REINS_AUDIT_KEY: key });
    rewriteEverything(s, runId);
    const verify = s.reins("audit", "verify");
    expect(verify.stdout).toMatch(/TAMPERED (downgraded|edited)/);
    expect(verify.code).toBe(1);
  });

  it("without the key, says the MACs cannot be checked (never intact); a wrong key fails clearly", () => {
    const { s } = ranOnce({ REINS_AUDIT_KEY: key });
    delete s.env.REINS_AUDIT_KEY;
    const noKey = s.reins("audit", "verify");
    expect(noKey.stdout).toContain(
      "audit log NOT verified: no problem found in 6 events in 1 chains, 2 store chain entries; 8 keyed entries NOT checked: no audit key",
    );
    expect(noKey.code).toBe(1);
    const keyFile = join(s.dir, "wrong.key");
    writeFileSync(keyFile, "w".repeat(32), { mode: 0o600 });
    const wrong = s.reins("audit", "verify", "--key-file", keyFile);
    expect(wrong.stdout).toContain("KEY wrong-key: none of the 8 keyed entries verifies with this key");
    expect(wrong.code).toBe(1);
  });

  it("refuses a key file readable by group or others, with a located error", () => {
    const s = sandbox();
    const keyFile = join(s.dir, "audit.key");
    writeFileSync(keyFile, key);
    chmodSync(keyFile, 0o644);
    const verify = s.reins("audit", "verify", "--key-file", keyFile);
    expect(verify.stderr).toContain(
      `the audit key file ${keyFile} is readable by group or others (mode 0644)`,
    );
    expect(verify.stderr).toContain(`chmod 600 ${keyFile}`);
    expect(verify.code).toBe(2);
  });
});

/** The manifest is beside the store: an insider who rewrites the store removes it too. */
function rmManifest(s: Sandbox): void {
  rmSync(`${s.store}.anchor.json`);
}
