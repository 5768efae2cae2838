/** The dashboard (`reins serve`): what the CLI starts. Not a public subpath yet. */
export { createServerApp, type ServerAppOptions } from "./app.js";
export { type Credential, createCredentials, sha256Hex } from "./auth/credentials.js";
export { hasRole, type Role, roles, type ServerUser } from "./auth/roles.js";
export { loadUsersFile, minTokenLength, parseUsersFile } from "./auth/users-file.js";
export { isLoopbackHost } from "./loopback.js";
export type { ServerContext, ServerFeature } from "./server-env.js";
export { type RunningServer, startServer } from "./start-server.js";
