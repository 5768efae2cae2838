import { fromJsonText, toJsonText } from "../json-text.js";
import type { Store } from "../store.js";

/** `Store["modelCache"]` in memory: one value per key, replaced on a second put. */
export function memoryModelCache(): Store["modelCache"] {
  const values = new Map<string, string>();
  return {
    async get(key) {
      const text = values.get(key);
      return text === undefined ? undefined : fromJsonText(text);
    },

    async put(key, value) {
      values.set(key, toJsonText(value));
    },
  };
}
