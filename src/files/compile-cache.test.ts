import {
  existsSync,
  lutimesSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hashFile, openCompileCache } from "./compile-cache.js";

let dir: string;
let victim: string;
const monthAgo = new Date(Date.now() - 30 * 24 * 3600 * 1000);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "reins-compile-cache-"));
  // Another user's week-old files, which a symlink may point to.
  victim = join(dir, "victim");
  mkdirSync(join(victim, "photos"), { recursive: true });
  writeFileSync(join(victim, "photos", "2019.jpg"), "old photo");
  for (const path of [join(victim, "photos", "2019.jpg"), join(victim, "photos"), victim])
    utimesSync(path, monthAgo, monthAgo);
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("openCompileCache", () => {
  it("prunes only its own week-old manifests and output folders, never a symlink or what it points to", () => {
    const root = join(dir, "cache");
    mkdirSync(root, { mode: 0o700 });
    const old = (name: string, make: (path: string) => void) => {
      make(join(root, name));
      utimesSync(join(root, name), monthAgo, monthAgo);
    };
    old("0123456789abcdef0123456789abcdef.json", (path) => writeFileSync(path, "{}"));
    old("out-AbC123", (path) => mkdirSync(path));
    old("notes.txt", (path) => writeFileSync(path, "not the cache's"));
    old("photos", (path) => mkdirSync(path));
    symlinkSync(victim, join(root, "out-Link01"), "dir");
    lutimesSync(join(root, "out-Link01"), monthAgo, monthAgo);
    writeFileSync(join(root, "fedcba9876543210fedcba9876543210.json"), "{}");

    const out = openCompileCache(root).outputDir();

    expect(dirname(out)).toBe(root);
    expect(readdirSync(root).sort()).toEqual(
      [
        "fedcba9876543210fedcba9876543210.json",
        "notes.txt",
        "out-Link01",
        "photos",
        out.slice(root.length + 1),
      ].sort(),
    );
    expect(existsSync(join(victim, "photos", "2019.jpg"))).toBe(true);
  });

  it("caches nothing when its folder is a symlink: outputs go to a private folder, the link's target untouched", () => {
    const root = join(dir, "planted");
    symlinkSync(victim, root, "dir");
    const cache = openCompileCache(root);
    const out = cache.outputDir();
    cache.save(["/a.ts"], { inputs: {}, outputs: { "/a.ts": join(out, "a.mjs") }, dependencies: {} });
    expect(out.startsWith(victim)).toBe(false);
    expect(cache.read(["/a.ts"])).toBeUndefined();
    expect(readdirSync(victim)).toEqual(["photos"]);
    expect(existsSync(join(victim, "photos", "2019.jpg"))).toBe(true);
    rmSync(out, { recursive: true, force: true });
  });

  it("answers a saved compilation while every input is unchanged, including one recorded as absent", () => {
    const root = join(dir, "cache");
    const source = join(dir, "tools.ts");
    const absent = join(dir, "tsconfig.json");
    writeFileSync(source, "export const a = 1;\n");
    const first = openCompileCache(root);
    const output = join(first.outputDir(), "tools.mjs");
    writeFileSync(output, "export const a = 1;\n");
    const compilation = {
      inputs: { [source]: hashFile(source), [absent]: hashFile(absent) },
      outputs: { [source]: output },
      dependencies: {},
    };
    first.save([source], compilation);
    // A new cache object reads the manifest as the next process would.
    expect(openCompileCache(root).read([source])).toEqual(compilation);
    writeFileSync(absent, "{}");
    expect(openCompileCache(root).read([source])).toBeUndefined();
    rmSync(absent);
    writeFileSync(source, "export const a = 2;\n");
    expect(openCompileCache(root).read([source])).toBeUndefined();
  });
});
