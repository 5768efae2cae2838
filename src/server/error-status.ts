import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";

/** A route's answer for something the request names that is not there (an unknown run id): a 404 with the message. */
export class NotFoundError extends Error {
  override readonly name = "NotFoundError";
}

/** The HTTP status of an error a route threw: 404 for what is not there, 409 for a decision the state refuses. */
export function errorStatus(error: unknown): 400 | 404 | 409 | 500 {
  if (error instanceof NotFoundError) return 404;
  if (!UserError.isInstance(error)) return 500;
  if (error.code === ErrorCode.ApprovalInvalid || error.code === ErrorCode.RunInvalid) return 409;
  return 400;
}
