import { describe, expect, it } from "vitest";
import { z } from "zod";
import { decodeCursor, encodeCursor } from "./page-cursor.js";

const position = z.strictObject({ startedAt: z.string(), id: z.string() });

describe("page cursors", () => {
  it("round-trips a position, even one with characters a URL would mangle", () => {
    const at = { startedAt: "2026-12-01T00:00:00.000Z", id: '"><img src=x onerror=alert(1)>&/?#' };
    const text = encodeCursor(at);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text, position)).toEqual(at);
    expect(decodeCursor(undefined, position)).toBeUndefined();
    expect(decodeCursor("", position)).toBeUndefined();
  });

  it("refuses a cursor that is not one of this list with a located user error", () => {
    for (const text of ["%%%", encodeCursor({ index: 3 }), "bm90IGpzb24", "x".repeat(3000)])
      expect(() => decodeCursor(text, position)).toThrow(
        expect.objectContaining({ code: "REINS_USAGE", path: "cursor" }),
      );
  });
});
