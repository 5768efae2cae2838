import { describe, expect, it } from "vitest";
import { createKeptRedactor, createRedactor, redactString } from "./redact.js";

describe("createRedactor", () => {
  it("redacts configured field names at any depth, case-insensitively, and leaves the input untouched", () => {
    const redact = createRedactor({ fields: ["phone", "SSN"] });
    const input = {
      phone: "+1 555 0100",
      contact: { Phone: "+1 555 0101", name: "Jo" },
      list: [{ ssn: "078-05-1120", city: "Paris" }],
      empty: { phone: null },
    };
    expect(redact(input)).toEqual({
      phone: "[REDACTED]",
      contact: { Phone: "[REDACTED]", name: "Jo" },
      list: [{ ssn: "[REDACTED]", city: "Paris" }],
      empty: { phone: null },
    });
    expect(input.contact.Phone).toBe("+1 555 0101");
  });

  it("redacts dotted paths by the end of the field's path, skipping array indexes", () => {
    const redact = createRedactor({ fields: ["form.phone", "contacts.email"] });
    expect(
      redact({
        input: { form: { phone: "555", email: "a@b.co" }, phone: "kept" },
        contacts: [{ email: "x@y.co" }, { email: "z@y.co", name: "Z" }],
        Form: { Phone: { country: "+33", number: "612" } },
      }),
    ).toEqual({
      input: { form: { phone: "[REDACTED]", email: "a@b.co" }, phone: "kept" },
      contacts: [{ email: "[REDACTED]" }, { email: "[REDACTED]", name: "Z" }],
      Form: { Phone: "[REDACTED]" },
    });
  });

  it("redacts fields named like secrets but not token counts", () => {
    const redact = createRedactor();
    expect(
      redact({
        password: "hunter2",
        db_password: "pw",
        clientSecret: "s3",
        accessToken: "abc",
        apiKey: "k1",
        api_key: "k2",
        "X-Api-Key": "k3",
        Authorization: "Basic dXNlcjpwYXNz",
        privateKey: { kty: "RSA" },
        passwd: "pw2",
        sshPassPhrase: "pp",
        refresh_token_: "t2",
        usage: { inputTokens: 120, outputTokens: 30, tokens: 150 },
        tokenizer: "bpe",
        key: "company.size",
        token: null,
      }),
    ).toEqual({
      password: "[REDACTED]",
      db_password: "[REDACTED]",
      clientSecret: "[REDACTED]",
      accessToken: "[REDACTED]",
      apiKey: "[REDACTED]",
      api_key: "[REDACTED]",
      "X-Api-Key": "[REDACTED]",
      Authorization: "[REDACTED]",
      privateKey: "[REDACTED]",
      passwd: "[REDACTED]",
      sshPassPhrase: "[REDACTED]",
      refresh_token_: "[REDACTED]",
      usage: { inputTokens: 120, outputTokens: 30, tokens: 150 },
      tokenizer: "bpe",
      key: "company.size",
      token: null,
    });
  });

  it("redacts secrets inside strings at any depth, copies dates as serialised, and keeps other values", () => {
    const redact = createRedactor();
    expect(
      redact({
        notes: ["key sk-ant-api03-abcdefghijklmnopqrstuvwx please", 42, true, null],
        at: new Date("2025-01-02T03:04:05.000Z"),
      }),
    ).toEqual({
      notes: ["key [REDACTED] please", 42, true, null],
      at: "2025-01-02T03:04:05.000Z",
    });
    expect(redact("plain")).toBe("plain");
    expect(redact(7)).toBe(7);
    expect(redact(undefined)).toBe(undefined);
  });

  it("keeps a `__proto__` key of parsed JSON as a key of the copy, never as the copy's prototype", () => {
    const parsed = JSON.parse('{"__proto__": {"isAdmin": true}, "token": "t0ps3cret", "n": 1}') as object;
    for (const redact of [createRedactor(), createKeptRedactor()]) {
      const copy = redact(parsed) as Record<string, unknown>;
      expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
      expect(Object.keys(copy)).toEqual(["__proto__", "token", "n"]);
      expect(JSON.stringify(copy)).toBe('{"__proto__":{"isAdmin":true},"token":"[REDACTED]","n":1}');
      expect((copy as { isAdmin?: unknown }).isAdmin).toBeUndefined();
    }
  });
});

describe("redactString", () => {
  it.each([
    ["OpenAI key", "use sk-proj-AbCdEf0123456789xyzXYZ_-12 now", "use [REDACTED] now"],
    ["OpenAI legacy key", "sk-0123456789abcdefghijABCDEFGHIJ", "[REDACTED]"],
    [
      "Anthropic key",
      "ANTHROPIC_API_KEY=sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAA-BBBB",
      "ANTHROPIC_API_KEY=[REDACTED]",
    ],
    ["AWS access key", "id AKIAIOSFODNN7EXAMPLE, region eu", "id [REDACTED], region eu"],
    ["GitHub token", "ghp_0123456789abcdefghijABCDEFGHIJ012345 end", "[REDACTED] end"],
    ["GitHub fine-grained token", "github_pat_11ABCDEFG0123456789_abcdefghijklmnop", "[REDACTED]"],
    ["Slack token", "xoxb-1234567890-0987654321-AbCdEfGh", "[REDACTED]"],
    ["Bearer token", "Authorization: Bearer eyJhbGciOi.eyJzdWIi.sig-_x", "Authorization: Bearer [REDACTED]"],
    [
      "private key block",
      "k=-----BEGIN RSA PRIVATE KEY-----\nMIIEow\nAAAA\n-----END RSA PRIVATE KEY-----;",
      "k=[REDACTED];",
    ],
  ])("replaces an %s", (_kind, input, expected) => {
    expect(redactString(input)).toBe(expected);
  });

  it.each([
    ["a short sk- prefix", "risk-assessment and sk-short"],
    ["a word that merely contains sk-", "task-force-for-the-enterprise-customer-segment"],
    ["the word bearer", "Bearer of bad news"],
    ["a lowercase AKIA-like string", "akiaiosfodnn7example"],
  ])("keeps %s", (_kind, input) => {
    expect(redactString(input)).toBe(input);
  });
});

describe("createKeptRedactor", () => {
  it("redacts as createRedactor does, returning the value itself when nothing in it is redacted", () => {
    const redact = createKeptRedactor({ fields: ["ssn"] });
    const clean = { a: [1, "two", { b: null }], c: { d: "plain text" }, when: new Date(0) };
    expect(redact(clean)).toBe(clean);
    const dirty = {
      kept: { deep: [1, 2] },
      list: [{ ssn: "078-05-1120" }, { name: "Jo" }],
      note: "key sk-proj-A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5",
    };
    const kept = redact(dirty) as typeof dirty;
    expect(kept).toEqual(createRedactor({ fields: ["ssn"] })(dirty));
    expect(kept).toEqual({
      kept: { deep: [1, 2] },
      list: [{ ssn: "[REDACTED]" }, { name: "Jo" }],
      note: "key [REDACTED]",
    });
    // Branches with nothing redacted are shared, not copied; the input is not modified.
    expect(kept.kept).toBe(dirty.kept);
    expect(kept.list[1]).toBe(dirty.list[1]);
    expect(dirty.list[0]?.ssn).toBe("078-05-1120");
  });
});

describe("redactString's prefilter", () => {
  it("leaves a string without any secret's fixed part alone, and still finds each kind of secret", () => {
    const plain = "nothing to see: sk-short, a bear, AKIA12";
    expect(redactString(plain)).toBe(plain);
    for (const secret of [
      "sk-ant-Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2",
      "AKIAIOSFODNN7EXAMPLE",
      `ghp_${"a".repeat(36)}`,
      `github_pat_${"a".repeat(30)}`,
      "xoxb-1234567890-abc",
      "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----",
    ])
      expect(redactString(`x ${secret} y`)).toBe("x [REDACTED] y");
    expect(redactString("authorization: BEARER abcdefgh12345")).toBe("authorization: Bearer [REDACTED]");
  });
});
