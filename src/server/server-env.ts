import type { Hono } from "hono";
import type { AuditLog } from "../audit/audit-log.js";
import type { ShadowReportInput } from "../autonomy/autonomy-check.js";
import type { Charter } from "../charter/charter.js";
import type { ToolRegistry } from "../contract/tool-registry.js";
import type { AuditKey, Store } from "../store/store.js";
import type { ServerUser } from "./auth/roles.js";
import type { Session } from "./auth/sessions.js";

/** One entry of the navigation bar. */
export interface NavEntry {
  href: string;
  label: string;
}

/** What every route reads: the store the server opened once, and its audit log. */
export interface ServerContext {
  store: Store;
  /** Writes audit events redacted as the CLI's are (decisions, pauses, resumes). */
  audit: AuditLog;
  /** The audit key (`REINS_AUDIT_KEY`…): keyed events are verified with it; without it they count as unchecked. */
  auditKey?: AuditKey;
  /**
   * Who runs the server (the OS user): a decision made by a signed-in user of another name is recorded as entered
   * by `<operator> via reins serve`.
   */
  operator: string;
  /** Reins' version, for the footer and `/api/health`. */
  version: string;
  now: () => Date;
  /**
   * The workflows `reins serve --workflow` loaded, by charter name: the review form checks corrections against their
   * charter and cards, the autonomy page judges them. None: reviews cannot be recorded from the dashboard.
   */
  workflows?: ReadonlyMap<string, ServedWorkflow>;
  /** The shadow reports `--shadow` read: the review queue puts their disagreements first; weekly and autonomy read them. */
  shadowReports?: readonly ShadowReportInput[];
}

/** A workflow the dashboard knows: its charter, its tool cards, and the folder its red-team cases go to. */
export interface ServedWorkflow {
  charter: Charter;
  registry: ToolRegistry;
  /** The workflow's folder (the charter's): an edited or rejected review writes its red-team case there. */
  dir: string;
  /** The audit log with the charter's redaction: a review's note and correction are kept redacted by it. */
  audit: AuditLog;
}

/** Hono's per-request variables, set by the auth middleware before any route runs. */
export interface ServerEnv {
  Variables: {
    user: ServerUser;
    /** The browser's session; absent for an API request made with `Authorization: Bearer`. */
    session: Session | undefined;
    nav: readonly NavEntry[];
  };
}

export type ServerApp = Hono<ServerEnv>;

/**
 * A part of the dashboard: its navigation entry and its routes. Each lives in its own file under `pages/` and is
 * listed once in `features.ts`.
 */
export interface ServerFeature {
  /** The feature's name, for messages. */
  name: string;
  nav?: NavEntry;
  register(app: ServerApp, context: ServerContext): void;
}
