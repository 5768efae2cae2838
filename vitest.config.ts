import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// `reins` and its subpaths resolve to their sources (package.json's "reins-source" condition), so tests need no build.
const exportsMap = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"))
  .exports as Record<string, string | { "reins-source"?: string }>;
const alias = Object.entries(exportsMap).flatMap(([subpath, target]) => {
  const source = typeof target === "string" ? undefined : target["reins-source"];
  if (source === undefined) return [];
  const name = subpath === "." ? "reins" : `reins/${subpath.slice(2)}`;
  const find = new RegExp(`^${name.replaceAll("/", "\\/")}$`);
  return [{ find, replacement: fileURLToPath(new URL(source, import.meta.url)) }];
});

export default defineConfig({
  resolve: { alias },
  test: {
    include: ["src/**/*.test.ts", "examples/**/*.test.ts", "test/**/*.test.ts"],
    // Most test files wait on the CLI processes, servers and databases they start, not on their own CPU: two files at
    // a time even on two cores (Vitest's default is one fewer than the cores).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
