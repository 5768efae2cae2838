import { describe, expect, it } from "vitest";
import { evalRedaction, redactResult } from "./redact-trial.js";
import type { TrialResult } from "./trial.js";

describe("evalRedaction", () => {
  it("removes from free text the values a source holds under a charter field, at any depth", () => {
    const source = { expect: { fields: { customer: { ssn: "000-11-2222" } } } };
    const redact = evalRedaction(["ssn"]).forTrial([source]);
    expect(redact({ message: 'expected ssn "000-11-2222", got "x"', ssn: "123-45-6789" })).toEqual({
      message: 'expected ssn "[REDACTED]", got "x"',
      ssn: "[REDACTED]",
    });
    // The source itself is left as it was.
    expect(source.expect.fields.customer.ssn).toBe("000-11-2222");
  });

  it("matches dotted fields as the audit log does: array items skipped, other parents not matched", () => {
    const source = { contacts: [{ phone: "555-0100" }], office: { phone: "555-0199" } };
    const redact = evalRedaction(["contacts.phone"]).forTrial([source]);
    expect(redact("called 555-0100 and 555-0199")).toBe("called [REDACTED] and 555-0199");
  });

  it("removes values named like secrets, and every member of a redacted object", () => {
    const source = { db: { password: "hunter2hunter2" }, ssn: { area: "123", serial: "6789" } };
    const redact = evalRedaction(["ssn"]).forTrial([source]);
    expect(redact("changed hunter2hunter2 and serial 6789")).toBe("changed [REDACTED] and serial [REDACTED]");
  });

  it("removes a value's visible start where a message cut it short, and its JSON-quoted form", () => {
    const redact = evalRedaction(["note"]).forTrial([{ note: 'line one\nsays "hello world"' }]);
    expect(redact('got "Contact line one\\nsays \\"hel…')).toBe('got "Contact [REDACTED]…');
    expect(redact('saw "line one\\nsays \\"hello world\\""')).toBe('saw "[REDACTED]"');
  });

  it("removes secrets by pattern, a private key block cut short included, without any source", () => {
    const redact = evalRedaction([]).forTrial([]);
    expect(
      redact({
        header: "Authorization: Bearer abcdefghijklmnop",
        key: "sk-proj-qsR6RZ24lPoQj3oPUlieI2nVsbBi1R",
        cut: 'got "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBg…',
      }),
    ).toEqual({ header: "Authorization: Bearer [REDACTED]", key: "[REDACTED]", cut: 'got "[REDACTED]' });
  });

  it("leaves short values in free text alone", () => {
    const redact = evalRedaction(["pin"]).forTrial([{ pin: "42" }]);
    expect(redact({ pin: "42", message: "42 items" })).toEqual({ pin: "[REDACTED]", message: "42 items" });
  });

  it("scrubs keys too, in their order, leaves the value it was given as it was, and keeps a `__proto__` key", () => {
    const redact = evalRedaction(["ssn"]).forTrial([{ ssn: "000-11-2222" }]);
    const value = JSON.parse(
      '{"a": 1, "by 000-11-2222": {"ok": true}, "__proto__": {"x": "000-11-2222"}, "z": ["000-11-2222"]}',
    ) as Record<string, unknown>;
    const before = JSON.stringify(value);
    const redacted = redact(value) as Record<string, unknown>;
    expect(Object.keys(redacted)).toEqual(["a", "by [REDACTED]", "__proto__", "z"]);
    expect(JSON.stringify(redacted)).toBe(
      '{"a":1,"by [REDACTED]":{"ok":true},"__proto__":{"x":"[REDACTED]"},"z":["[REDACTED]"]}',
    );
    expect(Object.getPrototypeOf(redacted)).toBe(Object.prototype);
    expect(JSON.stringify(value)).toBe(before);
  });
});

describe("redactResult", () => {
  it("redacts inputs and failures, and keeps what is counted, a scorer named like a secret included", () => {
    const result = {
      caseId: "c1",
      trial: 1,
      kind: "success",
      impact: "high",
      scores: { taskSuccess: 0, apiToken: 1 },
      passed: false,
      failures: [{ category: "taskSuccess", message: 'expected ssn "000-11-2222"' }],
      toolCalls: [{ callId: "call-1", toolName: "lookup", status: "executed", input: { ssn: "1" } }],
      finalStateHash: "sha256:abc",
      durationMs: 3,
      usage: { modelCalls: 0, inputTokens: 0, outputTokens: 0 },
      runId: "run-1",
    } as unknown as TrialResult;
    const redact = evalRedaction(["ssn"]).forTrial([{ expect: { fields: { ssn: "000-11-2222" } } }]);
    const kept = redactResult(result, redact);
    expect(kept).toEqual({
      ...result,
      failures: [{ category: "taskSuccess", message: 'expected ssn "[REDACTED]"' }],
      toolCalls: [{ callId: "call-1", toolName: "lookup", status: "executed", input: { ssn: "[REDACTED]" } }],
    });
    expect(Object.keys(kept)).toEqual(Object.keys(result));
  });
});
