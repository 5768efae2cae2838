import { defineConfig } from "tsup";

// The package's entry points, as package.json `exports` names them: dist path (without extension) → source.
const library = {
  index: "src/index.ts",
  "eval/index": "src/eval/index.ts",
  "report/index": "src/eval/report/index.ts",
  "store/index": "src/store/index.ts",
  "store/contract/index": "src/store/contract/index.ts",
  "audit/index": "src/audit/index.ts",
  "model/index": "src/model/index.ts",
  "policy/index": "src/policy/index.ts",
  "testing/index": "src/testing/index.ts",
  "integrations/index": "src/integrations/index.ts",
};

export default defineConfig({
  // The SQLite store's checkpointer thread is a file of its own, beside the chunks that start it (checkpointer.ts).
  entry: {
    ...library,
    "cli/main": "src/cli/main.ts",
    "sqlite-checkpoint-worker": "src/store/sqlite/checkpoint-worker.js",
  },
  format: ["esm"],
  target: "node20",
  platform: "node",
  dts: { entry: library },
  sourcemap: true,
  clean: true,
  splitting: true,
  outDir: "dist",
  // Pure-JS dependencies the library shares no objects with its users through are bundled in: loading Kysely's
  // ~280 modules one by one cost ~95 ms of every CLI start (15 ms bundled). zod (user schemas meet ours), tsx (its
  // loader is a file of its own), better-sqlite3 (native) and the AI SDK (loaded only when a model is used) stay
  // packages of their own.
  noExternal: ["kysely", "commander", "yaml"],
  // yaml and commander are CommonJS for Node: their `require("process")` and such need a real `require` in ESM.
  banner: {
    js: 'import { createRequire as __reinsCreateRequire } from "node:module"; const require = __reinsCreateRequire(import.meta.url);',
  },
});
