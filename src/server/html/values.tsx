import type { Child } from "hono/jsx";

/**
 * Escaping convention: every value from an agent, a case, a tool or the store is rendered as a JSX child or
 * attribute, which Hono escapes. Nothing under src/server writes unescaped HTML (test/server/escaping-convention
 * checks), links come from `pathTo`, and structured values are shown as JSON text.
 */
export function JsonValue({ value }: { value: unknown }) {
  return <pre class="json">{JSON.stringify(value, null, 2) ?? "undefined"}</pre>;
}

/** An ISO time shown in UTC, with the machine-readable value for the script's local-time title. */
export function Time({ at }: { at: string | null | undefined }) {
  if (at === null || at === undefined) return <span class="muted">—</span>;
  return <time datetime={at}>{at.replace("T", " ").replace(/\.\d+Z$/, "Z")}</time>;
}

/** A small status label. */
export function Badge({ tone, children }: { tone?: "ok" | "bad" | "warn"; children: Child }) {
  return <span class={tone === undefined ? "badge" : `badge ${tone}`}>{children}</span>;
}
