import { describe, expect, it } from "vitest";
import { UserError } from "../../errors/reins-error.js";
import { parsePerturbList } from "./parse-perturb-list.js";

const valid =
  "valid: all, missing-field, duplicate-record, stale-record, tool-timeout, tool-error, contradictory-instruction, policy-trap, do-nothing";

function failure(text: string) {
  try {
    parsePerturbList(text);
  } catch (error) {
    if (!UserError.isInstance(error)) throw error;
    return { code: error.code, message: error.message, option: error.option, hint: error.hint };
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe("parsePerturbList", () => {
  it("reads names separated by commas, trimmed, without duplicates", () => {
    expect(parsePerturbList("missing-field, tool-error,missing-field")).toEqual([
      "missing-field",
      "tool-error",
    ]);
  });

  it("reads `all`, alone or among names", () => {
    expect(parsePerturbList("all")).toBe("all");
    expect(parsePerturbList("tool-error,all")).toBe("all");
  });

  it("an unknown name is a usage error on the `perturb` option listing the valid ones", () => {
    expect(failure("missing-field,tool-eror,typo")).toEqual({
      code: "REINS_USAGE",
      message: `perturb: unknown perturbation "tool-eror", "typo"; ${valid}`,
      option: "perturb",
      hint: 'list names separated by commas, e.g. "missing-field,tool-error", or "all"',
    });
  });

  it("an empty list is a usage error", () => {
    expect(failure(" , ")).toEqual({
      code: "REINS_USAGE",
      message: `perturb names no perturbation; ${valid}`,
      option: "perturb",
      hint: 'list names separated by commas, e.g. "missing-field,tool-error", or "all"',
    });
  });
});
