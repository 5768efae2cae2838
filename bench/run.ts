/**
 * Runs one benchmark: `npm run bench -- <name> [args]` imports `bench/<name>.ts` and calls its exported
 * `main(args)`. With no name or an unknown one it lists the benches and exits 2.
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { UserError } from "../src/errors/reins-error.js";

/** What every `bench/<name>.ts` exports. */
export interface BenchModule {
  /** Runs the bench with the arguments after its name; prints a human report, then one JSON line. */
  main(args: readonly string[]): Promise<void>;
}

const benchDir = dirname(fileURLToPath(import.meta.url));

/** The benches: every `bench/*.ts` except this dispatcher (helpers live in `bench/lib/`). */
function availableBenches(): string[] {
  return readdirSync(benchDir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && entry.name !== "run.ts")
    .map((entry) => entry.name.slice(0, -".ts".length))
    .sort();
}

function isBenchModule(value: unknown): value is BenchModule {
  return typeof (value as { main?: unknown } | null)?.main === "function";
}

const [name, ...args] = process.argv.slice(2);
const benches = availableBenches();
if (name === undefined || !benches.includes(name)) {
  if (name !== undefined) console.error(`no bench named "${name}"`);
  console.error("usage: npm run bench -- <name> [args]");
  console.error(`available: ${benches.length > 0 ? benches.join(", ") : "(none)"}`);
  process.exit(2);
}

try {
  const loaded: unknown = await import(pathToFileURL(join(benchDir, `${name}.ts`)).href);
  if (!isBenchModule(loaded)) {
    console.error(`bench/${name}.ts does not export a main(args) function`);
    process.exit(2);
  }
  await loaded.main(args);
} catch (error) {
  if (UserError.isInstance(error)) {
    console.error(`${name}: ${error.message}${error.hint ? `\nhint: ${error.hint}` : ""}`);
    process.exit(2);
  }
  // A bad flag, as `util.parseArgs` reports it.
  if (String((error as { code?: unknown } | null)?.code).startsWith("ERR_PARSE_ARGS")) {
    console.error(`${name}: ${(error as Error).message}`);
    process.exit(2);
  }
  throw error;
}
