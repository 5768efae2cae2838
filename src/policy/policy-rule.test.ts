import { describe, expect, it } from "vitest";
import { UserError } from "../errors/reins-error.js";
import { definePolicy, type PolicyRule } from "./policy-rule.js";
import { allow } from "./verdict.js";

function thrown(rule: unknown): UserError {
  try {
    definePolicy(rule as PolicyRule);
  } catch (error) {
    if (UserError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("definePolicy did not throw");
}

function fields(error: UserError) {
  return { name: error.name, code: error.code, message: error.message, path: error.path, hint: error.hint };
}

describe("definePolicy", () => {
  it("returns a frozen copy of a well-formed rule", () => {
    const check = () => allow();
    const rule = definePolicy({ name: "open", description: "Allows all.", check });
    expect(rule).toEqual({ name: "open", description: "Allows all.", check });
    expect(Object.isFrozen(rule)).toBe(true);
  });

  it("refuses a rule without a name with a user error that says how to fix it", () => {
    for (const rule of [{ check: () => allow() }, { name: "", check: () => allow() }, undefined]) {
      expect(fields(thrown(rule))).toEqual({
        name: "UserError",
        code: "REINS_POLICY_INVALID",
        message: "definePolicy: `name` is required",
        path: "name",
        hint: 'give the rule a unique name; it appears in verdicts and the audit log, e.g. definePolicy({ name: "no-weekend-refunds", check })',
      });
    }
  });

  it("refuses a rule whose check is not a function, naming the rule and what it got", () => {
    expect(fields(thrown({ name: "weekend", check: { deny: true } }))).toEqual({
      name: "UserError",
      code: "REINS_POLICY_INVALID",
      message: 'definePolicy("weekend"): `check` must be a function, not object',
      path: "check",
      hint: "pass check(call, context) returning allow(), deny(code, reason) or requireApproval(code, reason)",
    });
    expect(thrown({ name: "weekend" }).message).toBe(
      'definePolicy("weekend"): `check` must be a function, not undefined',
    );
    expect(thrown({ name: "weekend", check: null }).message).toBe(
      'definePolicy("weekend"): `check` must be a function, not null',
    );
  });
});
