import { describe, expect, it } from "vitest";
import type { SuiteOptions } from "./suite.js";
import { suiteDefinition, suiteOptionValues } from "./suite-options.js";

const declared: SuiteOptions = {
  tasks: { kind: "path", description: "the tasks file", default: "data/tasks.json" },
  limit: { kind: "number", description: "how many" },
  mode: { kind: "string", description: "solo or chat", default: "solo" },
};
const at = { suiteFile: "/s/suite.ts", suiteDir: "/s", declared, cwd: "/work" };

describe("suiteOptionValues", () => {
  it("converts the given options and applies the defaults", () => {
    expect(suiteOptionValues({ ...at, given: { tasks: "t.json", limit: "3" } })).toEqual({
      tasks: "/work/t.json",
      limit: 3,
      mode: "solo",
    });
    // A default path is the suite's own: relative to its folder. An option neither given nor defaulted is undefined.
    expect(suiteOptionValues({ ...at, given: {} })).toEqual({
      tasks: "/s/data/tasks.json",
      limit: undefined,
      mode: "solo",
    });
  });

  it("refuses an option the suite does not declare, naming the declared ones", () => {
    expect(() => suiteOptionValues({ ...at, given: { taks: "t.json" } })).toThrow(
      "unknown option --taks: the suite in /s/suite.ts does not declare it. Did you mean --tasks?; it declares --tasks <path> (the tasks file), --limit <number> (how many), --mode <string> (solo or chat)",
    );
  });

  it("suggests the command's own flag for a typo of it", () => {
    expect(() => suiteOptionValues({ ...at, given: { trails: "3" }, reserved: ["trials"] })).toThrow(
      "unknown option --trails: the suite in /s/suite.ts does not declare it. Did you mean --trials?",
    );
  });

  it("refuses a number option that is not a number", () => {
    expect(() => suiteOptionValues({ ...at, given: { limit: "three" } })).toThrow(
      '--limit takes a number (how many); got "three"',
    );
  });

  it("refuses a declared name the command takes itself", () => {
    expect(() => suiteOptionValues({ ...at, given: {}, reserved: ["mode"] })).toThrow(
      '/s/suite.ts: option "mode" cannot be passed: --mode is a flag of the command itself; rename the option',
    );
  });
});

describe("suiteDefinition", () => {
  it("calls a configurable suite's define with the values", async () => {
    const exported = { options: declared, define: (values: unknown) => ({ name: "x", values }) };
    expect(
      await suiteDefinition({ exported, suiteFile: "/s/suite.ts", suiteDir: "/s", given: { limit: "2" } }),
    ).toEqual({ name: "x", values: { tasks: "/s/data/tasks.json", limit: 2, mode: "solo" } });
  });

  it("refuses options for a suite that declares none", async () => {
    await expect(
      suiteDefinition({
        exported: { name: "x" },
        suiteFile: "/s/suite.ts",
        suiteDir: "/s",
        given: { tasks: "t" },
      }),
    ).rejects.toThrow(
      "unknown option --tasks: the suite in /s/suite.ts does not declare it; it declares no options",
    );
  });
});
