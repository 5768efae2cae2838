import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ErrorCode } from "../errors/codes.js";
import { SystemError, UserError } from "../errors/reins-error.js";
import { ValidationError } from "../errors/validation-error.js";
import { inFlagTerms, readReportFlag, withFlags } from "./cli-terms.js";
import { runCli } from "./program.js";

async function reins(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    setExitCode: () => {},
    isTty: false,
  });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

function fields(error: unknown) {
  if (!UserError.isInstance(error)) throw error;
  return {
    code: error.code,
    message: error.message,
    option: error.option,
    path: error.path,
    hint: error.hint,
  };
}

const perturbations =
  "valid: all, missing-field, duplicate-record, stale-record, tool-timeout, tool-error, contradictory-instruction, policy-trap, do-nothing";

describe("inFlagTerms", () => {
  const flags = { model: "--model", caseId: "--case" };

  it("puts the flag in place of the option the message starts with, keeping code, hint and cause", () => {
    const library = new UserError({
      code: ErrorCode.ModelSpecInvalid,
      message: 'model "gpt-4o": expected <provider>:<model-id>',
      option: "model",
      hint: "name a model as provider:model-id",
    });
    const cli = inFlagTerms(library, flags);
    expect(fields(cli)).toEqual({
      code: "REINS_MODEL_SPEC",
      message: '--model "gpt-4o": expected <provider>:<model-id>',
      option: undefined,
      path: "--model",
      hint: "name a model as provider:model-id",
    });
    expect((cli as UserError).cause).toBe(library);
    const colon = new UserError({ code: ErrorCode.Usage, message: "caseId: no such case", option: "caseId" });
    expect(fields(inFlagTerms(colon, flags)).message).toBe("--case: no such case");
  });

  it("prefixes the flag when the message does not start with the option", () => {
    const error = new UserError({ code: ErrorCode.Usage, message: "no result for case x", option: "caseId" });
    expect(fields(inFlagTerms(error, flags)).message).toBe("--case: no result for case x");
  });

  it("leaves alone errors about options the command has no flag for, or about no option", () => {
    const other = new UserError({ code: ErrorCode.Usage, message: "trial 3: none", option: "trial" });
    const none = new UserError({ code: ErrorCode.Usage, message: "model: not an option here" });
    const system = new SystemError({ code: ErrorCode.StoreFailure, message: "disk full" });
    const plain = new Error("boom");
    for (const error of [other, none, system, plain]) expect(inFlagTerms(error, flags)).toBe(error);
  });

  it("withFlags rethrows in flag terms and returns what the work returns", async () => {
    expect(await withFlags(flags, () => 42)).toBe(42);
    await expect(
      withFlags(flags, async () => {
        throw new UserError({ code: ErrorCode.Usage, message: "model x: bad", option: "model" });
      }),
    ).rejects.toThrow("--model x: bad");
  });
});

describe("readReportFlag", () => {
  it("hints at the command that writes a report, where the library hints at evaluate", async () => {
    expect(fields(await readReportFlag("no/such.json").catch((e) => e))).toEqual({
      code: "REINS_FILE_NOT_FOUND",
      message: "cannot read eval report no/such.json: ENOENT",
      option: undefined,
      path: undefined,
      hint: "write one with `reins eval --out <file.json>`",
    });
    const file = join(mkdtempSync(join(tmpdir(), "reins-terms-")), "r.json");
    writeFileSync(file, '{ "schemaVersion": 1 }\n');
    const invalid = await readReportFlag(file).catch((e) => e);
    expect(invalid).toBeInstanceOf(ValidationError);
    expect(fields(invalid)).toMatchObject({
      code: "REINS_REPORT_INVALID",
      hint: "this file is not an eval report written by `reins eval --out`, or it was edited by hand",
    });
    writeFileSync(file, '{ "schemaVersion": 3 }\n');
    expect(fields(await readReportFlag(file).catch((e) => e)).hint).toBe(
      "read it with the reins version that wrote it, or run the eval again with this one",
    );
  });
});

describe("the CLI names its flags in errors the library words as options", () => {
  it("--perturb", async () => {
    expect(await reins("eval", "test/fixtures/mini-suite", "--perturb", "earthquake")).toEqual({
      code: 2,
      stdout: "",
      stderr: `--perturb: unknown perturbation "earthquake"; ${perturbations}\nhint: list names separated by commas, e.g. "missing-field,tool-error", or "all"`,
    });
    expect((await reins("check", "test/fixtures/mini-suite", "--perturb", ",")).stderr).toBe(
      `--perturb names no perturbation; ${perturbations}\nhint: list names separated by commas, e.g. "missing-field,tool-error", or "all"`,
    );
  });

  it("--model", async () => {
    const store = join(mkdtempSync(join(tmpdir(), "reins-terms-")), "reins.db");
    expect(
      await reins("eval", "test/fixtures/mini-suite", "--model", "mistral:large", "--store", store),
    ).toEqual({
      code: 2,
      stdout: "",
      stderr:
        '--model "mistral:large": unknown provider "mistral". Accepted forms: openai:<model-id>, anthropic:<model-id>, google:<model-id>, ollama:<model-id>, openai-compatible:<base-url>#<model-id>\nhint: name a model as provider:model-id, e.g. openai:gpt-4.1-mini or ollama:qwen2.5',
    });
  });

  it("--case", async () => {
    const args = [
      "redteam",
      "add",
      "--from",
      "test/fixtures/reports/before.json",
      "--suite",
      "test/fixtures/mini-suite",
    ];
    expect(await reins(...args, "--case", "nope")).toEqual({
      code: 2,
      stdout: "",
      stderr: "--case: the report has no result for case nope",
    });
    expect((await reins(...args, "--case", "lead-003", "--trial", "9")).stderr).toBe(
      "--case: the report has no result for case lead-003 trial 9",
    );
  });
});
