import type { Store } from "../store.js";
import type { SqlContext } from "./sql-context.js";

/** `Store["settings"]` over Kysely: one row per setting that was ever set. */
export function sqlSettings(context: SqlContext): Store["settings"] {
  const { db } = context;
  return {
    async get(name) {
      const row = await db
        .selectFrom("store_settings")
        .select("value")
        .where("name", "=", name)
        .executeTakeFirst();
      return row?.value;
    },

    async set(name, value) {
      await db
        .insertInto("store_settings")
        .values({ name, value })
        .onConflict((conflict) => conflict.column("name").doUpdateSet({ value }))
        .execute();
    },
  };
}
