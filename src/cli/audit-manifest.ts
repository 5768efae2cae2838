import { renameSync, statSync } from "node:fs";
import { type StoreAnchor, takeAnchor } from "../audit/store-anchor.js";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import { readUserFile } from "../files/read-user-file.js";
import { writeUserFile } from "../files/write-user-file.js";
import type { Store } from "../store/store.js";

/** Where the CLI keeps a store's manifest: beside it, `<store>.anchor.json`. */
export function manifestPath(storeFile: string): string {
  return `${storeFile}.anchor.json`;
}

function invalid(file: string, field: string, why: string): UserError {
  return new UserError({
    code: ErrorCode.AuditAnchorInvalid,
    message: `the audit anchor ${file} is not valid: ${field} ${why}`,
    file,
    path: field,
    hint: "pass a file written by `reins audit anchor --out <file>`",
  });
}

/** An anchor as `reins audit anchor` writes it, parsed and checked field by field. */
export function parseAnchor(text: string, file: string): StoreAnchor {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalid(
      file,
      "the file",
      `is not JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw invalid(file, "the file", "is not a JSON object");
  const a = value as Record<string, unknown>;
  if (a.format !== "reins-audit-anchor") throw invalid(file, "format", 'must be "reins-audit-anchor"');
  if (a.version !== 1) throw invalid(file, "version", "must be 1");
  for (const field of ["position", "events", "runs"] as const) {
    const n = a[field];
    if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0)
      throw invalid(file, field, "must be a whole number, 0 or more");
  }
  if (typeof a.hash !== "string" || !/^[0-9a-f]{64}$/.test(a.hash))
    throw invalid(file, "hash", "must be 64 lowercase hex digits");
  if (typeof a.keyed !== "boolean") throw invalid(file, "keyed", "must be true or false");
  if (typeof a.at !== "string") throw invalid(file, "at", "must be an ISO time");
  return a as unknown as StoreAnchor;
}

/** Reads an anchor file the user named. */
export async function readAnchor(file: string): Promise<StoreAnchor> {
  const text = await readUserFile(file, { what: "audit anchor", maxBytes: 64 * 1024 });
  return parseAnchor(text, file);
}

/** The store's manifest, or undefined when there is none. */
export async function readManifest(storeFile: string): Promise<StoreAnchor | undefined> {
  const file = manifestPath(storeFile);
  if (statSync(file, { throwIfNoEntry: false }) === undefined) return undefined;
  return readAnchor(file);
}

/**
 * Moves the store's manifest forward to the store chain's head, at the end of a command that wrote: written to a
 * temporary file (0600) and renamed over the old one, so it is whole or absent. It never moves back: a store whose
 * chain is behind its manifest keeps the manifest that says so.
 */
export async function advanceManifest(store: Store, storeFile: string, now: Date): Promise<void> {
  const anchor = await takeAnchor(store, now);
  let current: StoreAnchor | undefined;
  try {
    current = await readManifest(storeFile);
  } catch {
    current = undefined;
  }
  if (anchor.position === 0 || (current !== undefined && current.position >= anchor.position)) return;
  const file = manifestPath(storeFile);
  const temporary = `${file}.${process.pid}.tmp`;
  writeUserFile(temporary, `${JSON.stringify(anchor, null, 2)}\n`, { what: "audit manifest" });
  renameSync(temporary, file);
}
