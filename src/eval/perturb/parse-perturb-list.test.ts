import { describe, expect, it } from "vitest";
import { UserError } from "../../errors/reins-error.js";
import { parsePerturbList } from "./parse-perturb-list.js";

const valid =
  "valid: all, missing-field, duplicate-record, stale-record, tool-timeout, tool-error, contradictory-instruction, policy-trap, do-nothing";

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

  it("an unknown name is a usage error listing the valid ones", () => {
    const act = () => parsePerturbList("missing-field,tool-eror,typo");
    expect(act).toThrow(UserError);
    expect(act).toThrow(`unknown perturbation "tool-eror", "typo"; ${valid}`);
    expect(act).toThrow(expect.objectContaining({ code: "REINS_USAGE", path: "--perturb" }));
  });

  it("an empty list is a usage error", () => {
    expect(() => parsePerturbList(" , ")).toThrow(`--perturb names no perturbation; ${valid}`);
  });
});
