#!/usr/bin/env node
// Thin launcher: the CLI is built into dist/ by `npm ci` (the `prepare` script) or `npm run build`.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const entry = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write(
    "reins: the CLI is not built yet. Run `npm run build` (or `npm ci`) in the reins package first.\n",
  );
  process.exit(2);
}
await import(entry.href);
