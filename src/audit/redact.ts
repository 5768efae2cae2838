/** What replaces a redacted value or secret. */
export const REDACTED = "[REDACTED]";

export interface RedactOptions {
  /**
   * Field names to redact wherever they appear (case-insensitive), e.g. `phone`; or dotted paths matched against
   * the end of a field's path, e.g. `form.phone` (array indexes are skipped: `contacts.phone` matches
   * `contacts[0].phone`).
   */
  fields?: string[];
}

/** Returns a deep copy of a value with configured fields and secrets replaced by `[REDACTED]`. */
export type Redactor = (value: unknown) => unknown;

/** Field names whose values are secrets, compared lower-cased without `-` and `_`, by suffix (`accessToken`). */
const secretFieldName = /(?:password|passwd|passphrase|secret|token|apikey|authorization|privatekey)$/;

/** Secrets recognisable inside any string. */
const secretPatterns: { pattern: RegExp; replace: string }[] = [
  {
    pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY-----/g,
    replace: REDACTED,
  },
  // OpenAI (`sk-…`, `sk-proj-…`) and Anthropic (`sk-ant-…`) keys.
  { pattern: /\bsk-[A-Za-z0-9_-]{20,}/g, replace: REDACTED },
  { pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, replace: REDACTED },
  { pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}/g, replace: REDACTED },
  { pattern: /\bgithub_pat_[A-Za-z0-9_]{30,}/g, replace: REDACTED },
  { pattern: /\bxox[abpr]-[A-Za-z0-9-]{10,}/g, replace: REDACTED },
  { pattern: /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/gi, replace: `Bearer ${REDACTED}` },
];

function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, "");
}

function isSecretField(name: string): boolean {
  return secretFieldName.test(normaliseName(name));
}

/**
 * Matches every string that any of `secretPatterns` can match (each pattern's fixed part), so that a string with no
 * secret costs one scan instead of one per pattern: most strings a run writes hold none.
 */
const mayHoldSecret = /-----BEGIN |sk-|AKIA|ASIA|gh[pousr]_|github_pat_|xox[abpr]-|bearer/i;

/** Replaces every recognisable secret inside a string. */
export function redactString(text: string): string {
  if (!mayHoldSecret.test(text)) return text;
  let result = text;
  for (const { pattern, replace } of secretPatterns) result = result.replace(pattern, replace);
  return result;
}

/**
 * Creates the redactor applied to audit data before it is stored. It replaces (a) the configured fields, (b) the
 * values of fields named like secrets (`password`, `secret`, `token`, `apiKey`, `api_key`, `authorization`, `privateKey`, and names
 * ending so, such as `accessToken`), and (c) secrets inside any string: API keys (`sk-…`, `sk-ant-…`), AWS access
 * keys, GitHub and Slack tokens, `Bearer` tokens and private key blocks. `null` values stay `null`; objects with
 * `toJSON` (dates) are copied as they would be serialised. The input is not modified.
 */
export function createRedactor(options: RedactOptions = {}): Redactor {
  const redact = redactWith(options, true);
  return (value) => redact(value);
}

/**
 * The same redaction as `createRedactor`, for a value about to be serialised (stored or printed): it returns the value
 * itself when nothing in it is redacted, and otherwise a copy that shares the branches with nothing redacted. So
 * `redact(value) === value` says, at no extra cost, that nothing was redacted. Do not modify what it returns.
 */
export function createKeptRedactor(options: RedactOptions = {}): Redactor {
  return redactWith(options, false);
}

/**
 * Sets a key of a copy as its own property: a `__proto__` key (JSON.parse makes one from `{"__proto__": …}`) assigned
 * would set the copy's prototype instead, and the key would vanish from what is stored.
 */
function setOwn(record: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__")
    Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}

function redactWith(options: RedactOptions, copyAll: boolean): Redactor {
  const paths = (options.fields ?? []).map((field) => field.split(".").map((part) => part.toLowerCase()));

  function isConfigured(path: readonly string[]): boolean {
    return paths.some(
      (target) =>
        target.length <= path.length &&
        target.every((part, i) => path[path.length - target.length + i]?.toLowerCase() === part),
    );
  }

  function copy(value: unknown, path: readonly string[]): unknown {
    if (typeof value === "string") return redactString(value);
    if (typeof value !== "object" || value === null) return value;
    if (Array.isArray(value)) {
      let result: unknown[] | undefined = copyAll ? new Array(value.length) : undefined;
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        const kept = copy(item, path);
        if (result === undefined && kept !== item) result = value.slice(0, i);
        if (result !== undefined) result[i] = kept;
      }
      return result ?? value;
    }
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") {
      const serialised: unknown = toJSON.call(value);
      const kept = copy(serialised, path);
      // A `toJSON` object kept as it is serialises to the same text: only a redacted one needs the serialised copy.
      return copyAll || kept !== serialised ? kept : value;
    }
    let result: Record<string, unknown> | undefined = copyAll ? {} : undefined;
    const entries = Object.entries(value);
    for (let i = 0; i < entries.length; i++) {
      const [key, child] = entries[i] as [string, unknown];
      // Paths are tracked only when there are configured fields to match them against.
      const childPath = paths.length === 0 ? path : [...path, key];
      const redact = child !== null && child !== undefined && (isSecretField(key) || isConfigured(childPath));
      const kept = redact ? REDACTED : copy(child, childPath);
      if (result === undefined && kept !== child) {
        result = {};
        for (let j = 0; j < i; j++) {
          const [earlier, same] = entries[j] as [string, unknown];
          setOwn(result, earlier, same);
        }
      }
      if (result !== undefined) setOwn(result, key, kept);
    }
    return result ?? value;
  }

  return (value) => copy(value, []);
}
