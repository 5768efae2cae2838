/**
 * The only way a page builds a link from stored values: a same-origin path whose segments are percent-encoded, so
 * that an id like `javascript:alert(1)` or `../x` stays a path segment and never becomes a scheme or a way up.
 */
export function pathTo(...segments: readonly string[]): string {
  return `/${segments.map((s) => encodeURIComponent(s)).join("/")}`;
}

/** `path?name=value&…`, dropping parameters that are undefined or empty. */
export function withQuery(path: string, query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== "") params.set(name, String(value));
  }
  const text = params.toString();
  return text === "" ? path : `${path}?${text}`;
}
