import { expect } from "vitest";
import type { Store } from "../store.js";

/** The instant every contract test starts at. */
export const T0 = "2025-01-01T00:00:00.000Z";

/** A clock the contract moves by hand, so that every timestamp a store writes is known exactly. */
export class TestClock {
  #time = Date.parse(T0);

  /** The current time (what the store's `now` returns). */
  now(): Date {
    return new Date(this.#time);
  }

  /** Moves the clock forward and returns the new time as ISO. */
  advance(seconds: number): string {
    this.#time += seconds * 1000;
    return this.now().toISOString();
  }

  /** Back to `T0`, before each test. */
  reset(): void {
    this.#time = Date.parse(T0);
  }
}

/** What each part of the contract gets: the store under test (fresh per test) and its clock. */
export interface ContractFixture {
  /** The store under test, opened empty for each test. */
  readonly store: Store;
  /** The clock the store was opened with. */
  readonly clock: TestClock;
}

/** The error a promise rejects with; fails the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  expect.unreachable("expected the promise to reject");
}
