import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";

export interface StartServerOptions {
  // biome-ignore lint/suspicious/noExplicitAny: any Hono app, whatever its variables.
  app: Hono<any>;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The longest a client may take to send a request's headers and body. */
  requestTimeoutMs?: number;
}

export interface RunningServer {
  /** `http://host:port`, with the port actually bound. */
  origin: string;
  port: number;
  /** Stops accepting connections and ends idle ones; resolves once the server is closed. */
  close(): Promise<void>;
}

/** Listens on `host:port` with Node's HTTP server; a port in use or a host that cannot be bound is a UserError. */
export function startServer(options: StartServerOptions): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: options.app.fetch, hostname: options.host, port: options.port }, (info) => {
      const address = info as AddressInfo;
      const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
      resolve({
        origin: `http://${host}:${address.port}`,
        port: address.port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            if ("closeIdleConnections" in server) server.closeIdleConnections();
          }),
      });
    });
    if ("requestTimeout" in server) {
      server.requestTimeout = options.requestTimeoutMs ?? 30_000;
      server.headersTimeout = Math.min(server.requestTimeout, 20_000);
    }
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        new UserError({
          code: ErrorCode.Usage,
          message:
            error.code === "EADDRINUSE"
              ? `port ${options.port} on ${options.host} is in use`
              : `cannot listen on ${options.host}:${options.port}: ${error.message}`,
          path: error.code === "EADDRINUSE" ? "--port" : "--host",
          hint: "choose another --port (0 picks a free one)",
        }),
      );
    });
  });
}
