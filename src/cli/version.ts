import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const findPackage = (): { version: string } => {
  for (const candidate of ["../../package.json", "../package.json"]) {
    try {
      return require(candidate) as { version: string };
    } catch {}
  }
  return { version: "0.0.0" };
};

export const version: string = findPackage().version;
