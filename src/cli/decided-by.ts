import { userInfo } from "node:os";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import type { Store } from "../store/store.js";

/** Who a human decision is recorded as: who decided, and who entered it when that is someone else. */
export interface DecisionIdentity {
  decidedBy: string;
  /** The OS user who entered a decision made by someone else (`--by`, on a store that allows delegation). */
  enteredBy?: string;
}

/**
 * The user running the command, as the operating system knows it. Not `$USER` or `$REINS_USER`: anyone can set
 * those, so a decision recorded under them names whoever the caller says.
 */
export function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry for this uid (some containers): the uid is still who it is.
    return `uid:${process.getuid?.() ?? "unknown"}`;
  }
}

/**
 * Who a decision is recorded as: the OS user. `--by` naming the OS user is the same; naming anyone else is refused
 * unless the store's settings allow delegation (`reins store config set delegation allow`), and then the record
 * keeps both: `decidedBy` the name given, `enteredBy` the OS user. Decided before anything is recorded.
 */
export async function decisionIdentity(
  flags: { by?: string },
  store: Store,
  user: string = osUser(),
): Promise<DecisionIdentity> {
  const by = flags.by;
  if (by === undefined || by === user) return { decidedBy: user };
  if (by.trim() === "")
    throw new UserError({
      code: ErrorCode.Usage,
      message: "--by takes the name of who decided, got an empty name",
      path: "--by",
      hint: `drop --by to record the decision as "${user}"`,
    });
  if ((await store.settings.get("delegation")) === "allow") return { decidedBy: by, enteredBy: user };
  throw new UserError({
    code: ErrorCode.DelegationRefused,
    message: `--by "${by}" names someone other than you ("${user}", the user running reins); this store records decisions as the user who enters them, and nothing was recorded`,
    path: "--by",
    hint: `drop --by to decide as "${user}"; to let this store record decisions entered for someone else, its operator runs: reins store config set delegation allow`,
  });
}

/** How a decision's identity prints: `ana`, or `ana (entered by ops)`. */
export function formatIdentity(identity: { decidedBy: string | null; enteredBy?: string }): string {
  const by = identity.decidedBy ?? "unknown";
  return identity.enteredBy === undefined ? by : `${by} (entered by ${identity.enteredBy})`;
}
