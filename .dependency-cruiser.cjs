/** One-way dependencies: the core (contracts, charters, policy, runtime, eval, store) never imports the CLI or the server. */
module.exports = {
  forbidden: [
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
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "\\.test\\.ts$" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js"] },
  },
};
