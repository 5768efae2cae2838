/** Summaries of a V8 CPU profile (`node --cpu-prof`, or `Profiler.stop` over `node:inspector`). */
import { relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { table } from "./samples.js";

/** The parts of a `.cpuprofile` read here. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

interface Frame {
  /** `name (file:line)`. */
  label: string;
  /** Where the code lives: a folder of this repository, an npm package, Node's internals, GC, idle. */
  area: string;
}

function frameOf(callFrame: CpuProfile["nodes"][number]["callFrame"], root: string): Frame {
  const { functionName, url, lineNumber } = callFrame;
  const name = functionName || "(anonymous)";
  if (url === "") {
    const area =
      name === "(garbage collector)"
        ? "garbage collection"
        : name === "(idle)"
          ? "idle (waiting for I/O or timers)"
          : name === "(program)"
            ? "V8 itself (program)"
            : "native code";
    return { label: name, area };
  }
  if (url.startsWith("node:")) return { label: `${name} (${url}:${lineNumber + 1})`, area: "Node internals" };
  const path = url.startsWith("file:") ? fileURLToPath(url.split("?")[0] as string) : url;
  const inModules = path.lastIndexOf(`${sep}node_modules${sep}`);
  if (inModules >= 0) {
    const parts = path.slice(inModules + "/node_modules/".length).split(sep);
    const pkg = parts[0]?.startsWith("@") ? `${parts[0]}/${parts[1]}` : (parts[0] as string);
    return { label: `${name} (${pkg})`, area: `npm ${pkg}` };
  }
  const file = relative(root, path);
  const folder = file.includes(sep) ? file.slice(0, file.lastIndexOf(sep)) : file;
  // No line: tsx compiles each file to one line.
  return { label: `${name} (${file})`, area: folder };
}

/**
 * Self time by area and by function, and total time (self plus synchronous callees) of this repository's functions.
 * Time after an `await` is charged to the function that resumes, not to its async caller, so totals of async
 * functions are lower bounds.
 */
export function summarizeProfile(profile: CpuProfile, options: { root: string; top?: number }): string {
  const top = options.top ?? 15;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const frames = new Map(profile.nodes.map((node) => [node.id, frameOf(node.callFrame, options.root)]));

  const selfByNode = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfByNode.set(id, (selfByNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
  const selfByArea = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  const totalByFunction = new Map<string, number>();
  let totalUs = 0;
  for (const [id, us] of selfByNode) {
    const frame = frames.get(id) as Frame;
    totalUs += us;
    add(selfByArea, frame.area, us);
    add(selfByFunction, frame.label, us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const ancestor = frames.get(at) as Frame;
      const own = byId.get(at)?.callFrame.url ?? "";
      const ours = own.startsWith("file:") && !own.includes("/node_modules/");
      if (ours && !seen.has(ancestor.label)) {
        seen.add(ancestor.label);
        add(totalByFunction, ancestor.label, us);
      }
    }
  }
  const rows = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([key, us]) => [key, (us / 1000).toFixed(0), `${((us / totalUs) * 100).toFixed(1)}%`]);
  return [
    `CPU profile: ${(totalUs / 1000).toFixed(0)} ms sampled`,
    "",
    table([["self time by area", "ms", "share"], ...rows(selfByArea, top)]),
    "",
    table([["self time by function", "ms", "share"], ...rows(selfByFunction, top)]),
    "",
    table([
      ["total time of this repository's functions (self + synchronous callees)", "ms", "share"],
      ...rows(totalByFunction, top),
    ]),
  ].join("\n");
}
