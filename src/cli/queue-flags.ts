import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import { checkQueueUrl } from "../queue/queue-url.js";

/** The queue a command uses: `--queue`, else `REINS_QUEUE`; a URL that is not PostgreSQL's is a usage error. */
export function queueUrl(flag: string | undefined): string {
  const url = flag ?? process.env.REINS_QUEUE;
  if (url === undefined || url === "") {
    throw new UserError({
      code: ErrorCode.Usage,
      message: "no queue: pass --queue postgres://user:password@host:port/database, or set REINS_QUEUE",
      path: "--queue",
    });
  }
  return checkQueueUrl(url, flag === undefined ? "REINS_QUEUE" : "--queue");
}
