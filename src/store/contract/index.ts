// reins/store/contract: the behaviour every `Store` must have, as a vitest suite a third-party store runs. A subpath
// of its own because it imports vitest (an optional peer): `reins/store` must load where vitest is not installed.

export type { OpenedStore } from "../store-contract.js";
export { describeStoreContract } from "../store-contract.js";
