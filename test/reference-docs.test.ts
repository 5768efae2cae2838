import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { charterFormat } from "../src/charter/charter-format.js";
import { declarativeRuleSchema } from "../src/charter/declarative-rule.js";
import { createProgram } from "../src/cli/program.js";
import { cardShape } from "../src/contract/tool-card.js";
import { caseSchema } from "../src/eval/case.js";
import { perturbationNames, taskClassThresholds } from "../src/eval/suite.js";
import { builtinRules } from "../src/policy/check-tool-call.js";
import { interfaceKeys, missingTerms, schemaTerms, sections } from "./reference-coverage.js";

// The reference pages cannot drift from the code: every key of the file formats, every suite field, every
// perturbation, command and flag must appear in its page (in backticks), or this fails naming what is missing.

const root = join(import.meta.dirname, "..");
const page = (name: string) => readFileSync(join(root, "docs", "reference", name), "utf8");
const terms = (schema: Parameters<typeof schemaTerms>[0]) => {
  const { keys, values } = schemaTerms(schema);
  return [...keys, ...values];
};

describe("docs/reference", () => {
  it("charter.md names every charter key and value (its `policies` rules are policies.md's)", () => {
    const charterTerms = [...terms(charterFormat.omit({ policies: true })), "policies"];
    expect(missingTerms(page("charter.md"), charterTerms)).toEqual([]);
  });

  it("case-file.md names every case key and value", () => {
    expect(missingTerms(page("case-file.md"), terms(caseSchema))).toEqual([]);
  });

  it("tool-card.md names every field of a tool card", () => {
    expect(missingTerms(page("tool-card.md"), terms(cardShape))).toEqual([]);
    const context = interfaceKeys(join(root, "src/contract/tool-card.ts"), "ToolContext");
    expect(
      missingTerms(
        page("tool-card.md"),
        context.map((k) => `context.${k}`),
      ),
    ).toEqual([]);
  });

  it("policies.md names every key of a declarative rule, every built-in rule and definePolicy's fields", () => {
    const policy = page("policies.md");
    expect(missingTerms(policy, terms(declarativeRuleSchema))).toEqual([]);
    expect(
      missingTerms(
        policy,
        builtinRules.map((rule) => rule.name),
      ),
    ).toEqual([]);
    expect(
      missingTerms(policy, interfaceKeys(join(root, "src/policy/policy-rule.ts"), "PolicyRule")),
    ).toEqual([]);
  });

  it("suite.md names every field of a suite definition and of its options, and every task class", () => {
    const suite = page("suite.md");
    const file = join(root, "src/eval/suite.ts");
    expect(missingTerms(suite, interfaceKeys(file, "SuiteDefinition"))).toEqual([]);
    expect(
      missingTerms(
        suite,
        interfaceKeys(file, "SuiteOption").map((k) => `option.${k}`),
      ),
    ).toEqual([]);
    expect(missingTerms(suite, interfaceKeys(file, "ConfigurableSuite"))).toEqual([]);
    expect(missingTerms(suite, Object.keys(taskClassThresholds))).toEqual([]);
  });

  it("perturbations.md has a section for every perturbation", () => {
    const headings = sections(page("perturbations.md")).map((s) => s.heading.trim());
    expect(perturbationNames.filter((name) => !headings.includes(`\`${name}\``))).toEqual([]);
  });

  it("cli.md has a section for every command, naming each of its flags, and the exit codes", () => {
    const cli = sections(page("cli.md"));
    const program = createProgram({ out() {}, err() {}, setExitCode() {}, isTty: false });
    const missing: string[] = [];
    const walk = (command: Command, path: string[]) => {
      for (const sub of command.commands) {
        const name = [...path, sub.name()];
        if (sub.commands.length > 0) {
          walk(sub, name);
          continue;
        }
        const heading = `\`reins ${name.join(" ")}\``;
        const section = cli.find((s) => s.heading.trim() === heading);
        if (!section) {
          missing.push(heading);
          continue;
        }
        for (const option of sub.options) {
          const flag = option.long ?? option.short ?? option.flags;
          // `--wait` must be there itself, not only inside `--wait-seconds`.
          if (!section.body.includes(`\`${flag}\``) && !section.body.includes(`\`${flag} `))
            missing.push(`${heading} ${flag}`);
        }
      }
    };
    walk(program, []);
    expect(missing).toEqual([]);
    const exits = cli.find((s) => s.heading.trim() === "Exit codes")?.body ?? "";
    expect(missingTerms(exits, ["0", "1", "2"])).toEqual([]);
  });

  it("the check fails when a page loses a key (here: one charter key removed)", () => {
    const charter = page("charter.md");
    const without = charter.replaceAll("`killSwitch.sameReasonEscalations`", "killSwitch");
    expect(without).not.toBe(charter);
    expect(missingTerms(without, terms(charterFormat.omit({ policies: true })))).toEqual([
      "killSwitch.sameReasonEscalations",
    ]);
  });
});
