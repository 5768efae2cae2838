/**
 * What a PostgreSQL failure means for the person at the terminal, in one clause, or undefined when the server's own
 * message is all there is to say. `code` is the server's SQLSTATE (or Node's errno code for a socket that failed).
 */
export function explainPostgresFault(cause: unknown): string | undefined {
  const code = errorCode(cause);
  if (code === undefined) return undefined;
  if (code === "25006")
    return "the database is read-only (default_transaction_read_only, a standby, or a read-only session): commands that only read (audit verify, audit show, approvals list) still work on it; point writes at a writable primary";
  if (code === "53100")
    return "the disk holding the database server's data is full: free some space on the server and run again (what the store already holds is kept)";
  if (code === "42501")
    return "the database role may not write the Reins tables: grant it insert, update and select on them (or use the role that ran `reins migrate`)";
  if (code === "57P01" || code === "57P02" || code === "57P03")
    return "the server shut down or is restarting: run again once it is up (what the store already holds is kept)";
  if (code === "40P01" || code === "40001")
    return "another process's transaction conflicted with this one and the server cancelled it: run again";
  if (code === "53300")
    return "the server has no connection slot left (max_connections): close idle clients or raise the limit";
  return undefined;
}

/**
 * Why a connection to the server could not be opened, when it is a matter of where it points or whether it is up (a
 * user's setting, not a fault of the store's data): refused, timed out, host unknown, no such database or role, a
 * bad password. Undefined for anything else.
 */
export function unreachableReason(cause: unknown): string | undefined {
  const code = errorCode(cause);
  const message = cause instanceof Error ? cause.message : "";
  if (code === "ECONNREFUSED") return "the connection was refused (is the server running, on that port?)";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "the host name does not resolve";
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH") return "the host cannot be reached";
  if (code === "ECONNRESET") return "the server closed the connection";
  if (code === "ETIMEDOUT" || /timeout expired|connection timeout/i.test(message))
    return "no answer within the connection timeout";
  if (code === "3D000")
    return "the database does not exist (create it, e.g. `createdb`, then `reins migrate`)";
  if (code === "28P01" || code === "28000") return "the server refused the user or password";
  if (code === "57P03") return "the server is starting up or shutting down";
  if (/Connection terminated (unexpectedly|due to connection timeout)/.test(message))
    return "the server closed the connection";
  return undefined;
}

function errorCode(cause: unknown): string | undefined {
  if (cause === null || typeof cause !== "object") return undefined;
  const code = (cause as { code?: unknown }).code;
  if (typeof code === "string") return code;
  // An AggregateError (every address of a host refused) carries the codes of its errors.
  const errors = (cause as { errors?: unknown }).errors;
  if (Array.isArray(errors)) return errors.map(errorCode).find((c) => c !== undefined);
  return undefined;
}
