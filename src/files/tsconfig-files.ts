import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, resolve } from "node:path";

/**
 * The files whose content (or absence) decides the compiler settings esbuild uses for a TypeScript file: in each
 * folder up from it, `tsconfig.json` then `jsconfig.json`, until one exists; then every config its `extends` names,
 * recursively. The absent names are listed too, since a config created there would be read instead.
 */
export function tsconfigFiles(file: string): string[] {
  const files: string[] = [];
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    for (const name of ["tsconfig.json", "jsconfig.json"]) {
      const candidate = join(dir, name);
      files.push(candidate);
      if (existsSync(candidate)) {
        followExtends(candidate, files, new Set());
        return files;
      }
    }
    if (dirname(dir) === dir) return files;
  }
}

function followExtends(config: string, files: string[], seen: Set<string>): void {
  if (seen.has(config)) return;
  seen.add(config);
  let parsed: { extends?: unknown };
  try {
    parsed = JSON.parse(withoutComments(readFileSync(config, "utf8"))) as { extends?: unknown };
  } catch {
    // esbuild reports a config it cannot read; its own content is hashed all the same.
    return;
  }
  const specs = Array.isArray(parsed?.extends) ? parsed.extends : [parsed?.extends];
  for (const spec of specs) {
    if (typeof spec !== "string") continue;
    for (const candidate of extendedConfigCandidates(config, spec)) {
      files.push(candidate);
      if (existsSync(candidate)) {
        followExtends(candidate, files, seen);
        break;
      }
    }
  }
}

/** Where `extends: spec` may point, in the order TypeScript tries them: a path (with or without `.json`), or a package's. */
function extendedConfigCandidates(config: string, spec: string): string[] {
  if (spec.startsWith(".") || isAbsolute(spec)) {
    const path = resolve(dirname(config), spec);
    return path.endsWith(".json") ? [path] : [path, `${path}.json`];
  }
  const require = createRequire(config);
  for (const request of [spec, `${spec}.json`, `${spec}/tsconfig.json`]) {
    try {
      return [require.resolve(request)];
    } catch {
      // Try the next form.
    }
  }
  return [];
}

/** tsconfig's JSON with comments and trailing commas, as plain JSON. */
function withoutComments(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      const end = endOfString(text, i);
      out += text.slice(i, end);
      i = end - 1;
    } else if (char === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      out += "\n";
    } else if (char === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end === -1 ? text.length : end + 1;
    } else {
      out += char;
    }
  }
  return out.replace(/,(\s*[}\]])/g, "$1");
}

function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}
