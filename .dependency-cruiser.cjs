/** One-way dependencies: the core (contracts, charters, policy, runtime, eval, store) never imports the CLI or the server. */

/**
 * The folders of src/, lowest first. A folder may import only folders before it, so no two folders can form a
 * cycle (dependency-cruiser's `circular` sees module cycles, not folder cycles). A new folder must be placed here.
 */
const layers = [
  "errors",
  "text",
  "hash",
  "stats",
  "schema",
  "audit-event",
  "contract",
  "files",
  "charter",
  "policy",
  "store",
  "audit",
  "model",
  // OpenTelemetry spans of runs and evaluation trials (the API is an optional peer, loaded lazily).
  "telemetry",
  "runtime",
  // SDK exports (AI SDK, OpenAI Agents SDK): tool sets over a runtime session.
  "integrations",
  "workflow",
  "eval",
  // Above eval: an edited or rejected review becomes a red-team case (an eval case).
  "review",
  "export",
  "shadow",
  // The weekly report reads runs, reviews, evals and shadow reports.
  "weekly",
  // Above shadow: autonomy reads evals, reviews and shadow reports.
  "autonomy",
  // The MCP gate: an upstream MCP server's tools as cards, each call a run through the runtime's gate.
  "mcp",
  "testing",
  // Distributed evaluation: trials of an eval as jobs of a PostgreSQL queue (pg-boss), run by workers.
  "queue",
  // The dashboard (`reins serve`): a shell over the library, like the CLI; the CLI starts it.
  "server",
  "cli",
];

const layerRules = layers.slice(0, -1).map((folder, index) => {
  const above = layers.slice(index + 1);
  return {
    name: `layer-${folder}`,
    comment: `src/${folder}/ sits below ${above.join(", ")}: it may not import them.`,
    severity: "error",
    from: { path: `^src/${folder}/` },
    to: { path: `^src/(${above.join("|")})/` },
  };
});

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: "folder-in-a-layer",
      comment: "Every folder of src/ has a place in `layers` above, so that the layer rules cover it.",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^src/[^/]+/", pathNot: `^src/(${layers.join("|")})/` },
    },
    {
      name: "core-not-to-shells",
      comment: "Core code must not import the CLI or the web server; they are thin shells over the library.",
      severity: "error",
      from: { path: "^src/", pathNot: ["^src/cli/", "^src/server/"] },
      to: { path: ["^src/cli/", "^src/server/"] },
    },
    {
      name: "server-not-to-cli",
      severity: "error",
      from: { path: "^src/server/" },
      to: { path: "^src/cli/" },
    },
    {
      name: "dev-dep-only-if-bundled",
      comment:
        "Shipped code may import a devDependency only if tsup bundles it into dist (noExternal in tsup.config.ts): users do not install devDependencies.",
      severity: "error",
      from: {
        path: "^src/",
        pathNot: ["/__fixtures__/", "^src/store/store-contract\\.ts$", "^src/store/contract/"],
      },
      // @opentelemetry/api is an optional peer (a devDependency for the tests): src/telemetry imports its types and
      // loads it lazily, never requiring it.
      to: {
        dependencyTypes: ["npm-dev"],
        pathNot: ["node_modules/(commander|yaml)/", "node_modules/@opentelemetry/api/"],
      },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "\\.test\\.tsx?$" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js"] },
  },
};
