import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { UserError } from "../../errors/reins-error.js";
import { ValidationError } from "../../errors/validation-error.js";
import { reportKeys } from "../report.js";
import { parseReport, readReport } from "./read-report.js";

const fixture = (name: string) =>
  fileURLToPath(new URL(`../../../test/fixtures/reports/${name}`, import.meta.url));
const beforeText = readFileSync(fixture("before.json"), "utf8");

/** The error `run` throws (the test fails if it throws none). */
async function thrown(run: () => unknown): Promise<UserError> {
  try {
    await run();
  } catch (error) {
    if (UserError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected a UserError");
}

describe("readReport", () => {
  it("reads both fixtures unchanged, keys in the documented order", async () => {
    for (const name of ["before.json", "after.json"]) {
      const report = await readReport(fixture(name));
      expect(report).toEqual(JSON.parse(readFileSync(fixture(name), "utf8")));
      // The fixtures were written before `perturbations` and `versions` (schemaVersion 1): they still read, without them.
      expect(Object.keys(report)).toEqual(
        reportKeys.filter((key) => key !== "perturbations" && key !== "versions"),
      );
    }
  });

  it("reads the per-perturbation applicability, and rejects a malformed one", () => {
    const text = readFileSync(fixture("before.json"), "utf8");
    const perturbations = {
      "policy-trap": {
        derived: 4,
        applied: 0,
        notApplicable: 4,
        reasons: [{ reason: "no free text to plant it in", cases: 4 }],
        passRate: null,
      },
    };
    const withIt = JSON.stringify({ ...JSON.parse(text), perturbations });
    expect(parseReport(withIt, "r.json").perturbations).toEqual(perturbations);
    const broken = JSON.stringify({ ...JSON.parse(text), perturbations: { "policy-trap": { derived: 4 } } });
    expect(() => parseReport(broken, "r.json")).toThrow(/perturbations/);
  });

  it("says which file it cannot read", async () => {
    const error = await thrown(() => readReport("no/such/report.json"));
    expect({ code: error.code, message: error.message, file: error.file, hint: error.hint }).toEqual({
      code: "REINS_FILE_NOT_FOUND",
      message: "cannot read eval report no/such/report.json: ENOENT",
      file: "no/such/report.json",
      hint: "an eval report is the JSON of the report `evaluate` returns",
    });
  });

  it("locates a syntax error", async () => {
    const dir = mkdtempSync(join(tmpdir(), "reins-report-"));
    const file = join(dir, "broken.json");
    writeFileSync(file, '{\n  "schemaVersion": 1,\n  "suite": "lead-routing",,\n}\n');
    const error = await thrown(() => readReport(file));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.code).toBe("REINS_SYNTAX");
    expect(error.message.replace(file, "broken.json")).toMatchInlineSnapshot(
      `"broken.json:3:27 Unexpected , in flow map (fix the syntax)"`,
    );
  });

  it("names the schema version it reads when the report has another", async () => {
    const text = beforeText.replace('"schemaVersion": 1', '"schemaVersion": 3');
    const error = await thrown(() => parseReport(text, "future.json"));
    expect({ ...error, message: error.message, kind: error.kind }).toEqual({
      code: "REINS_REPORT_INVALID",
      kind: "user",
      name: "UserError",
      message: "this reins reads eval reports of schemaVersion 1 and 2, not 3",
      file: "future.json",
      line: 2,
      column: 20,
      path: "schemaVersion",
      hint: "read it with the reins version that wrote it, or run the eval again with this one",
    });
  });

  it("lists every schema problem with its line, column and field", async () => {
    const report = JSON.parse(beforeText);
    report.metrics.taskSuccess = 1.5;
    report.results[1].kind = "sucess";
    report.results[2].outcome = { type: "decision", decision: { decision: "nurture" }, draft: false };
    report.impact.worst[0].trials = 2;
    delete report.usage.costUsd;
    const error = await thrown(() => parseReport(JSON.stringify(report, null, 2), "edited.json"));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.code).toBe("REINS_REPORT_INVALID");
    expect(error.message).toMatchInlineSnapshot(`
      "edited.json:15:20 metrics.taskSuccess: Too big: expected number to be <=1
      edited.json:101:9 impact.worst[0].trials: is not a known field (check the spelling or remove it)
      edited.json:142:12 usage.costUsd: is required (expected number)
      edited.json:200:15 results[1].kind: must be one of "success", "ambiguous", "failure", "adversarial", got "sucess"
      edited.json:258:21 results[2].outcome.decision.confidence: is required (expected number)"
    `);
    expect(error.hint).toBe(
      "this file is not the JSON of a report `evaluate` returned, or it was edited by hand",
    );
  });

  it("summarises after 20 problems", async () => {
    const report = JSON.parse(beforeText);
    for (const result of report.results) {
      delete result.runId;
      delete result.usage;
      delete result.finalStateHash;
    }
    const error = (await thrown(() => parseReport(JSON.stringify(report), "r.json"))) as ValidationError;
    expect(error.issues).toHaveLength(21);
    expect(error.issues[20]).toEqual({ file: "r.json", message: "… and 4 more problems" });
  });

  it("rejects a document that is not a report at all", async () => {
    const error = await thrown(() => parseReport("[1, 2]", "list.json"));
    expect(error.message).toBe("list.json:1:1 expected object, got a list");
  });
});
