import type { Store, StoreSettingName } from "../store.js";

/** `Store["settings"]` in memory. */
export function memorySettings(): Store["settings"] {
  const settings = new Map<StoreSettingName, string>();
  return {
    async get(name) {
      return settings.get(name);
    },

    async set(name, value) {
      settings.set(name, value);
    },
  };
}
