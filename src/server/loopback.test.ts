import { describe, expect, it } from "vitest";
import { isLoopbackHost } from "./loopback.js";

describe("isLoopbackHost", () => {
  it("accepts this machine's addresses only", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1", "[::1]"]) {
      expect([host, isLoopbackHost(host)]).toEqual([host, true]);
    }
    for (const host of [
      "0.0.0.0",
      "::",
      "192.168.1.4",
      "10.0.0.1",
      "example.com",
      "localhost.evil.com",
      "128.0.0.1",
    ]) {
      expect([host, isLoopbackHost(host)]).toEqual([host, false]);
    }
  });
});
