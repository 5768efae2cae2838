import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";

/** The period a weekly report covers: from `since` (included) to `until` (excluded), both ISO-8601 UTC. */
export interface ReportPeriod {
  since: string;
  until: string;
}

const dayMs = 24 * 60 * 60 * 1000;
const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/;
const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The report's period from `--since` and `--until`. Default: the 7 days before `now`. A date alone (`2026-11-24`) is
 * that day's midnight UTC for `--since`, and the end of that day for `--until` (so `--until 2026-11-30` includes the
 * 30th); a date-time needs its zone (`Z` or `+01:00`). A bad date, or a `--since` not before `--until`, is a usage
 * error naming the flag.
 */
export function reportPeriod(options: { since?: string; until?: string; now: Date }): ReportPeriod {
  const until =
    options.until === undefined ? options.now.getTime() : parseDate(options.until, "--until", true);
  const since = options.since === undefined ? until - 7 * dayMs : parseDate(options.since, "--since", false);
  if (since >= until)
    throw new UserError({
      code: ErrorCode.Usage,
      message: `--since ${new Date(since).toISOString()} is not before --until ${new Date(until).toISOString()}: the period is empty`,
      path: options.since === undefined ? "--until" : "--since",
      hint: "give a --since earlier than --until (the default --until is now)",
    });
  return { since: new Date(since).toISOString(), until: new Date(until).toISOString() };
}

/**
 * A date flag's value as milliseconds since the epoch: an ISO-8601 date (midnight UTC, or the end of that day with
 * `endOfDay`) or a date-time with its zone; anything else is a usage error naming `flag`.
 */
export function parseDate(text: string, flag: string, endOfDay: boolean): number {
  const day = dateOnly.exec(text);
  if (day) {
    const [, y, m, d] = day;
    const at = Date.UTC(Number(y), Number(m) - 1, Number(d));
    const back = new Date(at);
    // Date.UTC rolls 2026-02-30 over to March: a date that does not round-trip does not exist.
    if (
      back.getUTCFullYear() === Number(y) &&
      back.getUTCMonth() === Number(m) - 1 &&
      back.getUTCDate() === Number(d)
    )
      return endOfDay ? at + dayMs : at;
  } else if (dateTime.test(text)) {
    const at = Date.parse(text);
    if (!Number.isNaN(at)) return at;
  }
  throw new UserError({
    code: ErrorCode.Usage,
    message: `${flag} takes an ISO-8601 date (2026-11-24) or date-time with its zone (2026-11-24T09:00:00Z), got ${JSON.stringify(text)}`,
    path: flag,
    hint: "write the date as YYYY-MM-DD, or YYYY-MM-DDTHH:MM[:SS]Z",
  });
}
