import type { Command } from "commander";
import { openStore } from "../../store/open-store.js";
import { shownLocation } from "../../store/store-location.js";
import { commandStore } from "../cli-store.js";
import type { Io } from "../io.js";

export function registerMigrate(program: Command, io: Io): void {
  program
    .command("migrate")
    .description(
      "apply the store's pending schema migrations (a SQLite file, or a PostgreSQL database before its first use)",
    )
    .option(
      "--store <path>",
      "the store: a SQLite path or postgres://user@host/db (default .reins/reins.db, or REINS_STORE)",
    )
    .action(async (flags: { store?: string }) => {
      const location = commandStore(flags);
      let applied: readonly string[] = [];
      const store = await openStore(location, {
        migrate: true,
        onMigrated: (names) => {
          applied = names;
        },
      });
      await store.close();
      const shown = shownLocation(location);
      io.out(
        applied.length === 0
          ? `${shown}: up to date, no migration to apply`
          : `${shown}: applied ${applied.length} migration(s): ${applied.join(", ")}`,
      );
    });
}
