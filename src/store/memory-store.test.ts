import { describe, expect, it } from "vitest";
import { ErrorCode } from "../errors/codes.js";
import { SystemError } from "../errors/reins-error.js";
import { rejectionOf } from "./contract/fixture.js";
import { openMemoryStore } from "./memory-store.js";
import { describeStoreContract } from "./store-contract.js";

describeStoreContract("memory", async ({ now }) => {
  const store = openMemoryStore({ now });
  return { store, cleanup: () => store.close() };
});

describe("openMemoryStore", () => {
  it("keeps every area in a copy of the store, as a wrapper makes one", async () => {
    const store = openMemoryStore();
    const seen: string[] = [];
    const wrapped = {
      ...store,
      runs: {
        ...store.runs,
        get: (id: string) => {
          seen.push(id);
          return store.runs.get(id);
        },
      },
    };
    expect(Object.keys(wrapped).sort()).toEqual(
      [
        "actions",
        "approvals",
        "audit",
        "certificates",
        "close",
        "commit",
        "evals",
        "facts",
        "modelCache",
        "reviews",
        "runs",
        "settings",
        "workflows",
      ].sort(),
    );
    await wrapped.modelCache.put("k", { v: 1 });
    expect(await store.modelCache.get("k")).toEqual({ v: 1 });
    expect(await wrapped.runs.get("nope")).toBeUndefined();
    expect(seen).toEqual(["nope"]);
    await wrapped.close();
    await expect(store.modelCache.get("k")).rejects.toThrow("the store is closed");
  });

  it("fails every call after close with a SystemError", async () => {
    const store = openMemoryStore();
    await store.modelCache.put("k", 1);
    await store.close();
    const error = await rejectionOf(store.modelCache.get("k"));
    expect(SystemError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: ErrorCode.StoreFailure,
      message: "the Reins store (memory) failed in modelCache.get: the store is closed",
    });
  });

  it("names the store and the operation when a value cannot be stored", async () => {
    const store = openMemoryStore();
    const error = await rejectionOf(store.modelCache.put("k", { big: 1n }));
    expect(SystemError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: ErrorCode.StoreFailure,
      message: "the Reins store (memory) failed in modelCache.put: Do not know how to serialize a BigInt",
    });
  });
});
