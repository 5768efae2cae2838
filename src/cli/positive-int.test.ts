import { describe, expect, it } from "vitest";
import { UserError } from "../errors/reins-error.js";
import { positiveInt } from "./positive-int.js";

describe("positiveInt", () => {
  it("reads plain decimal digits within the bounds", () => {
    expect(positiveInt("1", "--trials")).toBe(1);
    expect(positiveInt("42", "--trials")).toBe(42);
    expect(positiveInt("100", "--trials", 100)).toBe(100);
  });

  it.each([
    "0",
    "-1",
    "1e9",
    "0x10",
    " 2",
    "2 ",
    "+2",
    "2.5",
    "2.0",
    "010",
    "",
    "abc",
    "Infinity",
    "99999999999999999999",
  ])("refuses %j with a usage error naming the flag and its bounds", (value) => {
    let error: unknown;
    try {
      positiveInt(value, "--trials", 1000);
    } catch (caught) {
      error = caught;
    }
    expect(UserError.isInstance(error)).toBe(true);
    expect((error as UserError).message).toBe(
      `--trials takes a whole number from 1 to 1,000 written in digits, got "${value}"`,
    );
  });

  it("refuses a number past the bound", () => {
    expect(() => positiveInt("1001", "--concurrency", 1000)).toThrow(/from 1 to 1,000/);
  });
});
