import BetterSqlite3 from "better-sqlite3";

/** Time spent inside better-sqlite3's native calls, while the probe is installed. */
export interface SqliteProbe {
  /** Nanoseconds spent in `prepare`, `run`, `all`, `get` and `iterate` since install. */
  readonly nanoseconds: number;
  /** Of which in `prepare` (compiling SQL to a statement). */
  readonly prepareNanoseconds: number;
  /** Statements executed (`run`, `all`, `get`, `iterate`). */
  readonly statements: number;
  /** Puts the original methods back. */
  uninstall(): void;
}

type Method = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Wraps the native methods of every better-sqlite3 database and statement in this process with a timer, so that a
 * bench can tell SQLite's own work (statement compilation and execution, WAL writes) from the JavaScript around it.
 * Kysely prepares each query anew, so `prepare` is counted too.
 */
export function installSqliteProbe(): SqliteProbe {
  const probe = new BetterSqlite3(":memory:");
  const statementPrototype = Object.getPrototypeOf(probe.prepare("select 1")) as Record<string, Method>;
  probe.close();
  const databasePrototype = BetterSqlite3.prototype as unknown as Record<string, Method>;

  let nanoseconds = 0;
  let prepareNanoseconds = 0;
  let statements = 0;
  const restore: (() => void)[] = [];
  const wrap = (target: Record<string, Method>, name: string, isStatement: boolean) => {
    const original = target[name];
    if (typeof original !== "function") throw new Error(`better-sqlite3 has no method ${name}`);
    target[name] = function (this: unknown, ...args: unknown[]) {
      const start = process.hrtime.bigint();
      try {
        return original.apply(this, args);
      } finally {
        const elapsed = Number(process.hrtime.bigint() - start);
        nanoseconds += elapsed;
        if (isStatement) statements++;
        else prepareNanoseconds += elapsed;
      }
    };
    restore.push(() => {
      target[name] = original;
    });
  };
  wrap(databasePrototype, "prepare", false);
  for (const name of ["run", "all", "get", "iterate"]) wrap(statementPrototype, name, true);

  return {
    get nanoseconds() {
      return nanoseconds;
    },
    get prepareNanoseconds() {
      return prepareNanoseconds;
    },
    get statements() {
      return statements;
    },
    uninstall() {
      for (const undo of restore) undo();
    },
  };
}
