import type * as OtelApi from "@opentelemetry/api";

/** The OpenTelemetry API, as Reins uses it: an optional peer dependency, loaded only when a run may be traced. */
export type OtelApiModule = typeof OtelApi;

/**
 * The one module-level value here: whether `@opentelemetry/api` can be loaded, memoized like Node's own module cache
 * (a failed import is not cached by Node, and trying again for every run of an evaluation would cost a file search).
 */
let loaded: Promise<OtelApiModule | undefined> | undefined;

/** `@opentelemetry/api` when it is installed, else undefined; it is never required. */
export function loadOtelApi(): Promise<OtelApiModule | undefined> {
  loaded ??= import("@opentelemetry/api").then(
    (api) => api as OtelApiModule,
    () => undefined,
  );
  return loaded;
}
