import { describe, expect, it } from "vitest";
import { setCharterAutonomy } from "./set-autonomy.js";

describe("setCharterAutonomy", () => {
  it("changes only the value's characters, keeping comments and layout", () => {
    const text = "# lead routing\nname: x\nautonomy: supervised # asked for now\ninstructions: |\n  Route.\n";
    expect(setCharterAutonomy(text, "draft")).toBe(
      "# lead routing\nname: x\nautonomy: draft # asked for now\ninstructions: |\n  Route.\n",
    );
  });

  it("rewrites a quoted value, and adds the key when the charter has none", () => {
    expect(setCharterAutonomy('name: x\nautonomy: "shadow"\n', "draft")).toBe("name: x\nautonomy: draft\n");
    expect(setCharterAutonomy("name: x", "draft")).toBe("name: x\nautonomy: draft\n");
  });

  it("leaves alone what it cannot rewrite safely: a YAML error, a non-mapping, a nested autonomy", () => {
    expect(setCharterAutonomy("name: [x\n", "draft")).toBeUndefined();
    expect(setCharterAutonomy("- a\n- b\n", "draft")).toBeUndefined();
    expect(setCharterAutonomy("autonomy:\n  level: draft\n", "shadow")).toBeUndefined();
  });

  it("does not touch a nested key of the same name", () => {
    const text = "name: x\nlimits:\n  autonomy: 3\nautonomy: supervised\n";
    expect(setCharterAutonomy(text, "shadow")).toBe("name: x\nlimits:\n  autonomy: 3\nautonomy: shadow\n");
  });
});
