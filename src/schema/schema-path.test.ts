import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkSchemaPath } from "./schema-path.js";

const input = z.object({
  amount: z.number(),
  discount: z.object({ percent: z.number().optional() }).nullable().default(null),
  items: z.array(z.object({ sku: z.string() })),
  target: z.union([z.object({ email: z.string() }), z.object({ phone: z.string() })]),
  meta: z.record(z.string(), z.unknown()),
  loose: z.looseObject({ id: z.string() }),
  piped: z.string().transform(Number).pipe(z.number()),
});

describe("checkSchemaPath", () => {
  it.each([
    "amount",
    "discount.percent",
    "items.0.sku",
    "target.email",
    "target.phone",
    "meta.anything.deeper",
    "loose.other",
  ])("accepts %s", (path) => {
    expect(checkSchemaPath(input, path)).toEqual({ ok: true });
  });

  it("names the segment that cannot be there, with the fields it could be", () => {
    expect(checkSchemaPath(input, "total")).toMatchObject({
      ok: false,
      at: "total",
      parent: "",
      known: ["amount", "discount", "items", "target", "meta", "loose", "piped"],
    });
    expect(checkSchemaPath(input, "discount.percnt")).toMatchObject({
      ok: false,
      at: "percnt",
      known: ["percent"],
    });
    expect(checkSchemaPath(input, "target.fax")).toMatchObject({ ok: false, known: ["email", "phone"] });
    expect(checkSchemaPath(input, "items.sku")).toMatchObject({
      ok: false,
      at: "sku",
      reason: expect.stringContaining("list"),
    });
    expect(checkSchemaPath(input, "amount.value")).toMatchObject({
      ok: false,
      at: "value",
      reason: "is a number, which has no fields",
    });
    expect(checkSchemaPath(z.strictObject({ a: z.string() }), "b")).toMatchObject({ ok: false, at: "b" });
  });
});
