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
      name: "dev-dep-only-if-bundled",
      comment:
        "Shipped code may import a devDependency only if tsup bundles it into dist (noExternal in tsup.config.ts): users do not install devDependencies.",
      severity: "error",
      from: {
        path: "^src/",
        pathNot: ["/__fixtures__/", "^src/store/store-contract\\.ts$", "^src/store/contract/"],
      },
      to: { dependencyTypes: ["npm-dev"], pathNot: ["node_modules/(commander|yaml)/"] },
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
