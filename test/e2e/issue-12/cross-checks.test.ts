import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { root, sandbox } from "../cli-harness.js";

// Issue 12: every name a workflow folder writes is checked against what it refers to, through the built CLI.
const fixture = "test/fixtures/misconfigured-suite";
const s = sandbox();

const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the mini suite, with `edit` applied to its files (inside the repository, where `reins` resolves). */
function miniSuite(edit: (dir: string) => void): string {
  const dir = mkdtempSync(join(root, "test/e2e/issue-12/tmp-"));
  copies.push(dir);
  cpSync(join(root, "test/fixtures/mini-suite"), dir, { recursive: true });
  edit(dir);
  return dir;
}
const rewrite = (file: string, change: (text: string) => string) =>
  writeFileSync(file, change(readFileSync(file, "utf8")));

const expected = [
  `${fixture}/charter.yaml:29:20 policies[0].when.field: policy "large-credit": field "total" is not in the input of tool "issue_credit": "total" has no such field; it has email, amount, note (did you mean amount?)`,
  `${fixture}/cases/tickets.yaml:8:26 [0] (case "forbids-unknown-tool") expect.tools.forbidden[0]: unknown tool "send_repy" (did you mean send_reply?); known tools: lookup_customer, set_priority, send_reply, close_ticket, issue_credit`,
  `${fixture}/cases/tickets.yaml:14:27 [1] (case "undeclared-reason") expect.escalation.reason: escalation reason "unknwn_customer" is not declared in the charter's escalation (unknown_customer) (did you mean unknown_customer?)`,
  `${fixture}/cases/tickets.yaml:20:15 [2] (case "decision-not-an-option") expect.decision: decision "p4" is not among the charter's options (p1, p2, p3)`,
  `${fixture}/cases/tickets.yaml:27:21 [3] (case "unknown-decision-field") expect.fields.teem: "teem" is not a decision field of the charter (team) (did you mean team?)`,
  `${fixture}/cases/tickets.yaml:34:21 [4] (case "field-value-rejected") expect.fields.team: the charter's decision schema rejects this value: must be one of "support", "billing", got "sales"`,
  `${fixture}/cases/tickets.yaml:41:25 [5] (case "requires-forbidden-tool") expect.tools.required[0]: required tool "close_ticket" is forbidden by the charter: no run can satisfy this label`,
  `${fixture}/cases/tickets.yaml:49:15 [6] (case "oracle-unknown-tool") oracle[0].tool: unknown tool "lookup_custmer" (did you mean lookup_customer?); known tools: lookup_customer, set_priority, send_reply, close_ticket, issue_credit`,
  `${fixture}/cases/tickets.yaml:55:20 [7] (case "fault-unknown-tool") faults[0].tool: unknown tool "set_prority" (did you mean set_priority?); known tools: lookup_customer, set_priority, send_reply, close_ticket, issue_credit`,
  `${fixture}/suite.ts:17:3 textField: "bdy" is not a field of the charter's input: "bdy" has no such field; it has ticketId, email, subject, body (did you mean body?)`,
  `${fixture}/suite.ts:19:17 thresholds.toolCorrectnes: is not a metric (did you mean toolCorrectness?); the metrics are taskSuccess, toolCorrectness, dataAccuracy, policyCompliance, recovery, passRate`,
];

describe("a folder with one of each misconfiguration", () => {
  it("gets one located error per problem from reins validate, exit 2", () => {
    const { code, stdout, stderr } = s.reins("validate", fixture);
    expect(stdout).toBe("");
    expect(stderr.split("\n")).toEqual([...expected, "1 of 1 charter invalid", ""]);
    expect(code).toBe(2);
  });

  it("gets the same from reins check and reins eval, before anything runs", () => {
    for (const command of ["check", "eval"]) {
      const { code, stdout, stderr } = s.reins(command, fixture);
      expect(stdout).toBe("");
      expect(stderr.split("\n")).toEqual([...expected, ""]);
      expect(code).toBe(2);
    }
  });
});

describe("each misconfiguration alone (these passed silently before)", () => {
  it("a policy on a field the tool lacks", () => {
    const dir = miniSuite((d) =>
      writeFileSync(
        join(d, "charter.yaml"),
        `${readFileSync(join(d, "charter.yaml"), "utf8")}policies:\n  - { name: p1-needs-approval, tool: set_priority, when: { field: priorty, equals: p1 }, verdict: require-approval, reason: P1 pages people. }\n`,
      ),
    );
    const { code, stderr } = s.reins("validate", dir);
    expect(stderr).toContain(
      `${dir}/charter.yaml:26:67 policies[0].when.field: policy "p1-needs-approval": field "priorty" is not in the input of tool "set_priority": "priorty" has no such field; it has ticketId, priority (did you mean priority?)`,
    );
    expect(code).toBe(2);
  });

  it.each([
    ["forbidden: [send_reply]", "forbidden: [notfy_ap]", 'unknown tool "notfy_ap"'],
    [
      "decision: p1\n",
      "escalation: { reason: no_such_reason }\n",
      'escalation reason "no_such_reason" is not declared',
    ],
    [
      "decision: p1\n",
      "decision: urgent\n",
      'decision "urgent" is not among the charter\'s options (p1, p2, p3)',
    ],
  ])("a label %s → %s", (from, to, message) => {
    const dir = miniSuite((d) => rewrite(join(d, "cases/tickets.yaml"), (text) => text.replace(from, to)));
    const { code, stdout, stderr } = s.reins("check", dir);
    expect(stdout).toBe("");
    expect(stderr).toMatch(
      new RegExp(
        `^${dir}/cases/tickets.yaml:\\d+:\\d+ \\[0\\] \\(case "enterprise-outage"\\) .*${escapeRegex(message)}`,
      ),
    );
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(code).toBe(2);
  });
});

describe("error ergonomics", () => {
  it("a tab in YAML indentation is one error that says tab, located", () => {
    const dir = miniSuite((d) =>
      rewrite(join(d, "cases/tickets.yaml"), (text) => text.replace(/^ {2}/gm, "\t")),
    );
    const { code, stderr } = s.reins("check", dir);
    expect(stderr).toBe(
      `${dir}/cases/tickets.yaml:2:1 a tab is used for indentation; YAML indents with spaces only: replace the tab with spaces (70 lines are indented with tabs)\n`,
    );
    expect(code).toBe(2);
  });

  it("other YAML syntax errors are capped: the first five, then how many more", () => {
    const dir = miniSuite((d) =>
      writeFileSync(
        join(d, "cases/tickets.yaml"),
        Array.from({ length: 20 }, (_, i) => `k${i}: "open\n`).join(""),
      ),
    );
    const lines = s.reins("check", dir).stderr.trim().split("\n");
    expect(lines).toHaveLength(6);
    expect(lines[0]).toBe(`${dir}/cases/tickets.yaml:1:10 Missing closing "quote (fix the syntax)`);
    expect(lines[5]).toBe(
      `${dir}/cases/tickets.yaml:6:10 … and 15 more syntax errors from here (fix the first ones: the rest often follow from them)`,
    );
  });

  it("case errors name the case id beside the list index", () => {
    const dir = miniSuite((d) =>
      rewrite(join(d, "cases/tickets.yaml"), (text) => text.replace("impact: low", "impact: lowish")),
    );
    expect(s.reins("check", dir).stderr).toContain(
      `[1] (case "free-invoice") impact: must be one of "low", "medium", "high", "critical", got "lowish"`,
    );
  });

  it("--input x.json is parsed as JSON, with a located JSON error", () => {
    const yamlInJson = join(s.dir, "yaml.json");
    writeFileSync(yamlInJson, "ticketId: T-1\nemail: ops@bigco.com\n");
    const yaml = s.reins("run", "test/fixtures/mini-suite", "--input", yamlInJson);
    expect(yaml.stderr).toBe(
      `${yamlInJson}:1:2 Unexpected token 'i' (the file is read as JSON: fix the syntax)\n`,
    );
    expect(yaml.code).toBe(2);
    const broken = join(s.dir, "broken.json");
    writeFileSync(broken, '{\n  "ticketId": "T-1",\n  "email": }\n');
    const json = s.reins("run", "test/fixtures/mini-suite", "--input", broken);
    expect(json.stderr).toBe(
      `${broken}:3:12 Unexpected token '}' (the file is read as JSON: fix the syntax)\n`,
    );
    expect(json.code).toBe(2);
  });

  it("a run whose input fails the charter's input schema, or is not a mapping, exits 2 with the reason", () => {
    const partial = s.input("partial.json", { ticketId: "T-1", email: 42 });
    const bad = s.reins("run", "test/fixtures/mini-suite", "--input", partial);
    expect(bad.stdout).toBe("");
    expect(bad.stderr.split("\n")).toEqual([
      `${partial}:1:27 email: expected string, got number 42`,
      `${partial}:1:1 subject: is required (expected string)`,
      `${partial}:1:1 body: is required (expected string)`,
      'hint: the input does not match the input schema of charter "ticket-priority"; the run was not started',
      "",
    ]);
    expect(bad.code).toBe(2);
    const list = s.input("list.json", [1, 2]);
    const notAnObject = s.reins("run", "test/fixtures/mini-suite", "--input", list);
    expect(notAnObject.stderr.split("\n")[0]).toBe(
      `${list}:1:1 the run's input must be a mapping of fields (the charter's input schema), got a list`,
    );
    expect(notAnObject.code).toBe(2);
  });
});

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
