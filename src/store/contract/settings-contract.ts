import { expect, it } from "vitest";
import type { ContractFixture } from "./fixture.js";

/** `Store["settings"]`: the store's own settings, unset until set, the last value kept. */
export function settingsContract(f: ContractFixture): void {
  it("reads a setting never set as undefined, then the last value set", async () => {
    expect(await f.store.settings.get("delegation")).toBeUndefined();
    await f.store.settings.set("delegation", "allow");
    expect(await f.store.settings.get("delegation")).toBe("allow");
    await f.store.settings.set("delegation", "deny");
    expect(await f.store.settings.get("delegation")).toBe("deny");
  });
}
