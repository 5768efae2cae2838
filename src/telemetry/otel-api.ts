import type * as OtelApi from "@opentelemetry/api";

/** The OpenTelemetry API, as Reins uses it: an optional peer dependency, loaded only when a run may be traced. */
export type OtelApiModule = typeof OtelApi;

/**
 * `@opentelemetry/api` when it is installed, else undefined; it is never required. Node's module cache keeps a
 * successful import; without the package each call looks for it again (kept off the per-call path: a run asks once).
 */
export function loadOtelApi(): Promise<OtelApiModule | undefined> {
  return import("@opentelemetry/api").then(
    (api) => api as OtelApiModule,
    () => undefined,
  );
}
