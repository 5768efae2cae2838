import { fromJsonText, toJsonText } from "../json-text.js";
import type { Store } from "../store.js";
import { isoNow, type SqlContext } from "./sql-context.js";

/** `Store["modelCache"]` over Kysely: one row per key, replaced on a second put. */
export function sqlModelCache(context: SqlContext): Store["modelCache"] {
  const { db } = context;
  return {
    async get(key) {
      const row = await db
        .selectFrom("model_cache")
        .select("value")
        .where("key", "=", key)
        .executeTakeFirst();
      return row === undefined ? undefined : fromJsonText(row.value);
    },

    async put(key, value) {
      const row = { key, value: toJsonText(value), stored_at: isoNow(context) };
      await db
        .insertInto("model_cache")
        .values(row)
        .onConflict((conflict) =>
          conflict.column("key").doUpdateSet({ value: row.value, stored_at: row.stored_at }),
        )
        .execute();
    },
  };
}
