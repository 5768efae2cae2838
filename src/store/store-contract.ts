import { afterEach, beforeEach, describe } from "vitest";
import { actionsContract } from "./contract/actions-contract.js";
import { approvalsContract } from "./contract/approvals-contract.js";
import { auditContract } from "./contract/audit-contract.js";
import { certificatesContract } from "./contract/certificates-contract.js";
import { evalStreamingContract } from "./contract/eval-streaming-contract.js";
import { evalsContract, evalTranscriptsContract } from "./contract/evals-contract.js";
import { factsContract } from "./contract/facts-contract.js";
import { type ContractFixture, TestClock } from "./contract/fixture.js";
import { modelCacheContract } from "./contract/model-cache-contract.js";
import { reviewsContract } from "./contract/reviews-contract.js";
import { runsContract } from "./contract/runs-contract.js";
import { settingsContract } from "./contract/settings-contract.js";
import { stepsContract } from "./contract/steps-contract.js";
import { workflowsContract } from "./contract/workflows-contract.js";
import type { Store } from "./store.js";

/** What a store implementation hands the contract: a fresh, empty, migrated store, and how to dispose of it. */
export interface OpenedStore {
  /** The store under test, empty. */
  store: Store;
  /** Closes the store and removes what it created (files, schemas). */
  cleanup: () => Promise<void>;
}

/**
 * The behaviour every `Store` implementation must have, as a vitest suite: call it from a test file with a function
 * that opens a fresh, empty store using the clock it is given.
 *
 * ```ts
 * describeStoreContract("SQLite", async ({ now }) => { … return { store, cleanup }; });
 * ```
 */
export function describeStoreContract(
  name: string,
  open: (options: { now: () => Date }) => Promise<OpenedStore>,
): void {
  describe(`Store contract: ${name}`, () => {
    const clock = new TestClock();
    let opened: OpenedStore | undefined;
    const fixture: ContractFixture = {
      clock,
      get store() {
        if (opened === undefined) throw new Error("the store is opened in beforeEach");
        return opened.store;
      },
    };

    beforeEach(async () => {
      clock.reset();
      opened = await open({ now: () => clock.now() });
    });

    afterEach(async () => {
      await opened?.cleanup();
      opened = undefined;
    });

    describe("runs", () => runsContract(fixture));
    describe("steps and leases", () => stepsContract(fixture));
    describe("audit", () => auditContract(fixture));
    describe("approvals", () => approvalsContract(fixture));
    describe("actions", () => actionsContract(fixture));
    describe("workflows", () => workflowsContract(fixture));
    describe("facts", () => factsContract(fixture));
    describe("evals", () => evalsContract(fixture));
    describe("eval transcripts", () => evalTranscriptsContract(fixture));
    describe("evals written as they run", () => evalStreamingContract(fixture));
    describe("modelCache", () => modelCacheContract(fixture));
    describe("settings", () => settingsContract(fixture));
    describe("reviews", () => reviewsContract(fixture));
    describe("certificates", () => certificatesContract(fixture));
  });
}
