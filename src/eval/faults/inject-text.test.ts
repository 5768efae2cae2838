import { describe, expect, it } from "vitest";
import { z } from "zod";
import { injectText } from "./inject-text.js";

const schema = z.object({
  note: z.string(),
  status: z.enum(["open", "closed"]),
  contacts: z.array(z.object({ email: z.email(), label: z.string() })),
  ref: z.union([z.literal("none"), z.string().regex(/^R-\d+$/)]),
  code: z.string().max(5),
});

const output = {
  note: "Renewal due.",
  status: "open",
  contacts: [
    { email: "a@b.co", label: "billing" },
    { email: "c@d.co", label: "ops" },
  ],
  ref: "R-7",
  code: "XY",
};

describe("injectText", () => {
  it("injects every string the schema accepts with the text, and only those", () => {
    expect(injectText(output, " !!", schema)).toEqual({
      note: "Renewal due. !!",
      status: "open",
      contacts: [
        { email: "a@b.co", label: "billing !!" },
        { email: "c@d.co", label: "ops !!" },
      ],
      ref: "R-7",
      code: "XY !!",
    });
    expect(injectText(output, " too long", schema)).toMatchObject({ code: "XY" });
  });

  it("does not change the tool's result", () => {
    const copy = structuredClone(output);
    injectText(output, " !!", schema);
    expect(output).toEqual(copy);
  });

  it("injects everything when the result breaks the schema already", () => {
    expect(injectText({ note: "a", status: "gone" }, "!", schema)).toEqual({ note: "a!", status: "gone!" });
  });

  it("returns non-string results unchanged", () => {
    expect(injectText(42, "!", z.number())).toBe(42);
    expect(injectText({ n: 1, ok: true, none: null }, "!", z.object({}).passthrough())).toEqual({
      n: 1,
      ok: true,
      none: null,
    });
  });
});
