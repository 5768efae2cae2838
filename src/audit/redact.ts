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
const secretFieldSuffixes = [
  "password",
  "passwd",
  "passphrase",
  "secret",
  "token",
  "apikey",
  "authorization",
  "privatekey",
];

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
  const normalised = normaliseName(name);
  return secretFieldSuffixes.some((suffix) => normalised.endsWith(suffix));
}

/** Replaces every recognisable secret inside a string. */
export function redactString(text: string): string {
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
    if (Array.isArray(value)) return value.map((item) => copy(item, path));
    if (typeof value !== "object" || value === null) return value;
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") return copy(toJSON.call(value), path);
    const result: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      // Paths are tracked only when there are configured fields to match them against.
      const childPath = paths.length === 0 ? path : [...path, key];
      const redact = child !== null && child !== undefined && (isSecretField(key) || isConfigured(childPath));
      result[key] = redact ? REDACTED : copy(child, childPath);
    }
    return result;
  }

  return (value) => copy(value, []);
}
