import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseReport } from "../../eval/report/read-report.js";
import type { EvalReport } from "../../eval/report.js";
import { lineChart } from "../charts/line-chart.js";
import { evalSeries } from "./eval-series.js";
import { checkStoredReport } from "./stored-report.js";

const fixture = (name: string) =>
  parseReport(
    readFileSync(
      fileURLToPath(new URL(`../../../test/fixtures/reports/${name}.json`, import.meta.url)),
      "utf8",
    ),
    name,
  );
const before = fixture("before");
const after = fixture("after");

describe("evalSeries", () => {
  it("makes one point per eval, oldest first, with scores, pass^k, kinds and perturbations", () => {
    const series = evalSeries("lead-routing", [
      { id: "e2", report: after },
      { id: "e1", report: { ...before, startedAt: "2025-06-01T00:00:00.000Z" } },
    ]);
    expect(series.points.map((p) => p.id)).toEqual(["e1", "e2"]);
    expect(series.points[1]).toEqual({
      id: "e2",
      startedAt: "2025-06-09T16:40:51.870Z",
      agent: "model:openai:gpt-4.1-mini",
      charterVersion: "1",
      passed: false,
      metrics: {
        taskSuccess: 0.875,
        toolCorrectness: 1,
        dataAccuracy: 1,
        policyCompliance: 0.875,
        recovery: 0.875,
      },
      passHatK: { "1": 0.875, "2": 0.75 },
      byKind: { success: 1, adversarial: 0.5 },
      byPerturbation: { none: 0.8333, "missing-field": 1 },
    });
    expect(series.metrics).toEqual([
      "taskSuccess",
      "toolCorrectness",
      "dataAccuracy",
      "policyCompliance",
      "recovery",
    ]);
    expect(series.ks).toEqual(["1", "2"]);
    expect(series.kinds[0]).toBe("success");
    expect(series.perturbations[0]).toBe("none");
  });

  it("leaves out what a report lacks instead of charting a zero", () => {
    const one: EvalReport = { ...after, passHatK: { "1": 0.5 }, byKind: {} };
    const series = evalSeries("s", [
      { id: "a", report: { ...one, startedAt: "2025-01-01T00:00:00.000Z" } },
      { id: "b", report: after },
    ]);
    expect(series.points[0]?.passHatK).toEqual({ "1": 0.5 });
    expect(series.points[0]?.byKind).toEqual({});
    const chart = lineChart({
      labels: series.points.map((p) => p.startedAt.slice(0, 10)),
      series: series.ks.map((k) => ({ name: `pass^${k}`, values: series.points.map((p) => p.passHatK[k]) })),
    });
    expect(chart.series.map((s) => [s.name, s.points.length])).toEqual([
      ["pass^1", 2],
      ["pass^2", 1],
    ]);
  });
});

describe("lineChart", () => {
  it("places shares between the plot's bottom (0) and top (1), and breaks a line where a value is missing", () => {
    const chart = lineChart({
      labels: ["a", "b", "c", "d"],
      series: [{ name: "s", values: [0, 1, undefined, 0.5] }],
      width: 144,
      height: 140,
    });
    // plot: left 44, right 132, top 12, bottom 112: x every 29.33, y = 112 − share × 100.
    expect(chart.plot).toEqual({ left: 44, top: 12, right: 132, bottom: 112 });
    expect(chart.series[0]?.path).toBe("M44 112L73.33 12M132 62");
    expect(chart.yTicks).toEqual([
      { y: 112, label: "0%" },
      { y: 62, label: "50%" },
      { y: 12, label: "100%" },
    ]);
  });

  it("puts a single eval in the middle and keeps at most maxXTicks labels, the last always", () => {
    expect(
      lineChart({ labels: ["x"], series: [{ name: "s", values: [0.25] }], width: 144 }).series[0]?.path,
    ).toBe(
      "M88 147", // bottom 192 − 0.25 × 180
    );
    const labels = Array.from({ length: 20 }, (_, i) => `d${i}`);
    const ticks = lineChart({ labels, series: [], maxXTicks: 5 }).xTicks.map((t) => t.label);
    expect(ticks).toEqual(["d0", "d4", "d8", "d12", "d16", "d19"]);
  });
});

describe("checkStoredReport", () => {
  it("reads a stored report with its results apart, and names what is wrong with one that does not read", () => {
    const stored = { ...after, results: [] };
    const read = checkStoredReport("e1", stored, after.results);
    expect(read.status === "ok" && read.report.results).toHaveLength(after.results.length);
    expect(checkStoredReport("e1", undefined)).toEqual({ status: "missing" });
    const broken = checkStoredReport("e9", { ...stored, metrics: { taskSuccess: "high" } });
    expect(broken.status).toBe("invalid");
    expect(broken.status === "invalid" && broken.problems[0]).toMatch(/^eval e9: metrics\./);
  });
});
