import { describe, expect, it } from "vitest";
import { UserError } from "../errors/reins-error.js";
import { loadSuite } from "./load-suite.js";
import { addRedteamCase } from "./redteam.js";
import { readReport } from "./report/read-report.js";

describe("addRedteamCase", () => {
  it("names its `caseId` option, not a CLI flag, when the report has no such result", async () => {
    const suite = await loadSuite("test/fixtures/mini-suite");
    const report = await readReport("test/fixtures/reports/before.json");
    const error = await addRedteamCase({ suite, report, caseId: "nope", trial: 2 }).catch((e) => e);
    expect(UserError.isInstance(error)).toBe(true);
    expect({ code: error.code, message: error.message, option: error.option, path: error.path }).toEqual({
      code: "REINS_USAGE",
      message: "caseId: the report has no result for case nope trial 2",
      option: "caseId",
      path: undefined,
    });
  });
});
