import { describe, expect, expectTypeOf, it } from "vitest";
import { ErrorCode } from "./codes.js";
import { SystemError, UserError } from "./reins-error.js";
import { ValidationError } from "./validation-error.js";

describe("ErrorCode", () => {
  it("lists every code Reins throws or records, each once", () => {
    expect(Object.values(ErrorCode)).toEqual([
      "REINS_SYNTAX",
      "REINS_CHARTER_INVALID",
      "REINS_TOOL_CARD_INVALID",
      "REINS_UNKNOWN_TOOL",
      "REINS_CASE_INVALID",
      "REINS_REPORT_INVALID",
      "REINS_POLICY_INVALID",
      "REINS_FILE_NOT_FOUND",
      "REINS_FILE_NOT_WRITABLE",
      "REINS_MODULE_LOAD",
      "REINS_USAGE",
      "REINS_MODEL_SPEC",
      "REINS_MODEL_KEY_MISSING",
      "REINS_STORE",
      "REINS_APPROVAL_INVALID",
      "REINS_RUN_INVALID",
      "REINS_RUN_BUSY",
      "REINS_RUN_LEASE_LOST",
      "REINS_RUN_INTERRUPTED",
      "REINS_CHECKPOINT_INVALID",
      "REINS_RUN_INPUT_MISMATCH",
      "REINS_WORKFLOW_PAUSED",
      "AGENT_ERROR",
      "EVAL_UNRESOLVED",
      "REINS_SCRIPT_MISMATCH",
      "REINS_EVAL_NOT_FOUND",
      "REINS_MODEL_TIMEOUT",
      "REINS_RUN_TIMEOUT",
      "REINS_RUN_CANCELLED",
      "REINS_RUN_STALLED",
      "REINS_AUDIT_KEY_INVALID",
      "REINS_AUDIT_ANCHOR_INVALID",
      "REINS_DOCUMENT_LIMIT",
      "REINS_NUMBER_RANGE",
      "REINS_YAML_TAG",
      "REINS_DELEGATION_REFUSED",
      "REINS_REVIEW_INVALID",
      "REINS_SHADOW_INPUT_INVALID",
      "REINS_MCP_CARDS_INVALID",
      "REINS_MCP_UPSTREAM",
      "REINS_MODEL_UNSUPPORTED",
      "REINS_STORE_URL",
      "REINS_STORE_UNREACHABLE",
      "REINS_EVAL_NOT_RESUMABLE",
      "REINS_QUEUE_UNREACHABLE",
      "REINS_WORKFLOW_MISMATCH",
      "REINS_EVAL_INCOMPLETE",
      "REINS_SERVE_USERS_INVALID",
    ]);
    expect(new Set(Object.values(ErrorCode)).size).toBe(Object.values(ErrorCode).length);
  });

  it("types the code of every Reins error, so a code outside the list does not compile", () => {
    const user = new UserError({ code: ErrorCode.Usage, message: "bad flag" });
    const system = new SystemError({ code: ErrorCode.StoreFailure, message: "disk full" });
    const validation = new ValidationError({ code: ErrorCode.CaseInvalid, issues: [{ message: "bad" }] });
    expectTypeOf(user.code).toEqualTypeOf<ErrorCode>();
    expectTypeOf(system.code).toEqualTypeOf<ErrorCode>();
    expectTypeOf(validation.code).toEqualTypeOf<ErrorCode>();
    // @ts-expect-error: not a member of ErrorCode
    new UserError({ code: "REINS_MADE_UP", message: "x" });
    // @ts-expect-error: not a member of ErrorCode
    new ValidationError({ code: "REINS_MADE_UP", issues: [] });
    expect([user.code, system.code, validation.code]).toEqual([
      "REINS_USAGE",
      "REINS_STORE",
      "REINS_CASE_INVALID",
    ]);
  });
});
