import type { Context } from "hono";
import { NotFoundError } from "./error-status.js";

/** A path parameter of the route (`:id`); a route registered without it answers 404 rather than read `undefined`. */
export function routeParam(c: Context, name: string): string {
  const value = c.req.param(name) as string | undefined;
  if (value === undefined) throw new NotFoundError(`the route has no :${name}`);
  return value;
}
