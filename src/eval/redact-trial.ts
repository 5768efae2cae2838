import { createRedactor, REDACTED, type Redactor, redactString } from "../audit/redact.js";
import type { TrialResult } from "./trial.js";

/** Returns a redacted deep copy of what an eval keeps or shows of one trial. */
export type TrialRedaction = <T>(value: T) => T;

/** Shorter replaced values are not searched for in free text: `1` or `yes` would blank out every sentence. */
const minSecretLength = 4;

/** A private key block cut short (a quoted value truncated for a message) has no END line for the redactor to find. */
const openPrivateKey = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*$/;

/**
 * The eval's one redaction pass, built from the charter's `redact` fields: `forTrial(sources)` gives the pass for one
 * trial, where `sources` are the trial's real values (the case with its input, expectations and world, the tool calls
 * with their inputs and outputs, the outcome, the states). Each value it is applied to gets (a) the audit log's
 * redactor — the charter's fields at any depth, fields named like secrets, secrets by pattern — and then (b) every
 * value that redactor replaced in the sources (or in the value) removed from free text too: a failure sentence,
 * a model prompt or a world change's path quotes values out of the field redactor's reach. A quoted value cut short
 * by `…` loses its visible prefix as well. Scoring never sees this: it is applied only to what is kept or shown.
 */
export function evalRedaction(fields: readonly string[]): {
  forTrial(sources: readonly unknown[]): TrialRedaction;
} {
  const redactor = createRedactor({ fields: [...fields] });
  const redactsAt = fieldDecisions(redactor, fields);
  // A case and its oracle's world are the same objects in each of the case's trials: walked once.
  const walked = new WeakMap<object, string[]>();
  const redactedIn = (source: unknown): string[] => {
    if (typeof source !== "object" || source === null) return [];
    let values = walked.get(source);
    if (values === undefined) {
      values = [];
      collectRedacted(source, [], redactsAt, values);
      walked.set(source, values);
    }
    return values;
  };
  return {
    forTrial(sources) {
      const known = sources.flatMap(redactedIn);
      return <T>(value: T): T => {
        const redacted = redactor(value);
        const secrets = [...new Set([...known, ...replacedValues(value, redacted)])]
          .flatMap((secret) => {
            const quoted = JSON.stringify(secret).slice(1, -1);
            return quoted === secret ? [secret] : [secret, quoted];
          })
          .filter((secret) => secret.length >= minSecretLength)
          // Longest first, so that a secret holding a shorter one is replaced whole.
          .sort((a, b) => b.length - a.length);
        // The redactor's copy is this call's own: scrubbed where it stands, with no second copy.
        return scrubInPlace(redacted, secrets) as T;
      };
    },
  };
}

/**
 * Whether the redactor replaces the value at a path, asked of the redactor itself (on the path's last segments, as
 * far as the longest configured field reaches) and remembered by those segments: a world of thousands of records
 * repeats the same few keys, and walking it this way copies nothing and runs no pattern over its strings.
 */
function fieldDecisions(redactor: Redactor, fields: readonly string[]): (path: readonly string[]) => boolean {
  const reach = Math.max(1, ...fields.map((field) => field.split(".").length));
  const decided = new Map<string, boolean>();
  const sentinel = "reins:sentinel";
  return (path) => {
    // Most charters name no dotted field: the last segment alone is the key, with no copy of the path to join.
    const key = reach === 1 ? (path[path.length - 1] as string) : path.slice(-reach).join("\u0000");
    let redacts = decided.get(key);
    if (redacts === undefined) {
      const tail = path.slice(-reach);
      const probe = tail.reduceRight<unknown>((child, segment) => ({ [segment]: child }), sentinel);
      let copy = redactor(probe);
      for (const segment of tail)
        copy = typeof copy === "object" && copy !== null ? (copy as Record<string, unknown>)[segment] : copy;
      redacts = copy === REDACTED;
      decided.set(key, redacts);
    }
    return redacts;
  };
}

/** Collects, without copying, the values (as text) that the redactor would replace in a value. */
function collectRedacted(
  value: unknown,
  path: string[],
  redactsAt: (path: readonly string[]) => boolean,
  out: string[],
): void {
  if (typeof value !== "object" || value === null) return;
  // As the redactor does: array items share their array's path, and an object with `toJSON` is read as serialised.
  if (Array.isArray(value)) {
    for (const item of value) collectRedacted(item, path, redactsAt, out);
    return;
  }
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function") {
    collectRedacted(toJSON.call(value), path, redactsAt, out);
    return;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const child = (value as Record<string, unknown>)[key];
    if (child === null || child === undefined) continue;
    path.push(key);
    if (redactsAt(path)) out.push(...leaves(child));
    else collectRedacted(child, path, redactsAt, out);
    path.pop();
  }
}

/** The values (as text) that the redactor replaced, found by walking the original beside its redacted copy. */
function replacedValues(original: unknown, redacted: unknown): string[] {
  if (redacted === REDACTED && original !== REDACTED) return leaves(original);
  if (typeof original !== "object" || original === null || typeof redacted !== "object" || redacted === null)
    return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(original)) {
    out.push(...replacedValues(value, (redacted as Record<string, unknown>)[key]));
  }
  return out;
}

/** Every string and number inside a value (a redacted object's members may be quoted one by one). */
function leaves(value: unknown): string[] {
  if (typeof value === "string" || typeof value === "number" || typeof value === "bigint")
    return [String(value)];
  if (typeof value !== "object" || value === null) return [];
  return Object.values(value).flatMap(leaves);
}

/**
 * Replaces the given values inside every string (and object key) of a JSON value, changing the value where it stands:
 * only for a copy of the caller's own (the redactor's), plain data that nothing else holds.
 */
function scrubInPlace(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === "string") return scrubText(value, secrets);
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = scrubInPlace(value[i], secrets);
    return value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  const scrubbedKeys = keys.map((key) => scrubText(key, secrets));
  if (scrubbedKeys.every((key, i) => key === keys[i])) {
    for (const key of keys) record[key] = scrubInPlace(record[key], secrets);
    return record;
  }
  // A key that held a secret: a new object, its keys in the same order (defined, so `__proto__` stays a key).
  const renamed: Record<string, unknown> = {};
  keys.forEach((key, i) => {
    Object.defineProperty(renamed, scrubbedKeys[i] as string, {
      value: scrubInPlace(record[key], secrets),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  });
  return renamed;
}

function scrubText(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (result.includes(secret)) result = result.split(secret).join(REDACTED);
  if (result.includes("…")) result = scrubCutShort(result, secrets);
  result = redactString(result);
  return result.includes("-----BEGIN") ? result.replace(openPrivateKey, REDACTED) : result;
}

/** Before each `…`, the longest start of a secret (4 characters or more) that the text was cut after. */
function scrubCutShort(text: string, secrets: readonly string[]): string {
  const parts = text.split("…");
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i] as string;
    const last = part.charCodeAt(part.length - 1);
    let cut = 0;
    for (const secret of secrets) {
      for (let k = Math.min(secret.length - 1, part.length); k >= minSecretLength && k > cut; k--) {
        if (secret.charCodeAt(k - 1) === last && part.endsWith(secret.slice(0, k))) {
          cut = k;
          break;
        }
      }
    }
    if (cut > 0) parts[i] = `${part.slice(0, part.length - cut)}${REDACTED}`;
  }
  return parts.join("…");
}

/**
 * A trial's report entry as kept and shown: inputs, outputs, the outcome, failure sentences and approval notes
 * redacted; what identifies and counts it (case, trial, kind, scores, pass, usage, run id, state hash) as scored, so
 * that a scorer named like a secret still counts and the metrics are those of the real values.
 */
export function redactResult(result: TrialResult, redact: TrialRedaction): TrialResult {
  return {
    ...redact(result),
    caseId: result.caseId,
    trial: result.trial,
    kind: result.kind,
    impact: result.impact,
    scores: result.scores,
    passed: result.passed,
    finalStateHash: result.finalStateHash,
    durationMs: result.durationMs,
    usage: result.usage,
    runId: result.runId,
  };
}
