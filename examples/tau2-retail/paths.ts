import { fileURLToPath } from "node:url";

/**
 * Where τ²'s retail data lives: `../shared/data/tau2-retail/` beside the repository (never copied into it).
 * `REINS_TAU2_DATA` points at another folder with the same files (`db.json`, `policy.md`, `tasks.json`).
 */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.REINS_TAU2_DATA;
  if (override && override.trim() !== "") return override;
  return fileURLToPath(new URL("../../../shared/data/tau2-retail/", import.meta.url));
}

/** This example's own folder. */
export const exampleDir = fileURLToPath(new URL(".", import.meta.url));
