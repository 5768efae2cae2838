import { AsyncLocalStorage } from "node:async_hooks";
import { CompiledQuery, type DatabaseConnection, type Driver, type TransactionSettings } from "kysely";

/**
 * A Kysely driver over another that can pin one connection for the duration of an async call: every query Kysely
 * runs inside `snapshot(read)` — whichever store method runs it — goes to the connection that holds the REPEATABLE
 * READ transaction, so they all read one snapshot. Outside, connections come from the pool as usual.
 */
export class SnapshotDriver implements Driver {
  readonly #inner: Driver;
  readonly #pinned = new AsyncLocalStorage<DatabaseConnection>();

  constructor(inner: Driver) {
    this.#inner = inner;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return this.#pinned.getStore() ?? this.#inner.acquireConnection();
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    if (connection !== this.#pinned.getStore()) await this.#inner.releaseConnection(connection);
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    if (connection === this.#pinned.getStore())
      throw new Error("a write transaction cannot be opened inside readConsistent (it reads only)");
    return this.#inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.rollbackTransaction(connection);
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }

  /**
   * Runs `read` with one pooled connection pinned inside a read-only REPEATABLE READ transaction: its first query
   * takes the snapshot, and what other clients commit meanwhile is not seen. Nested calls share the outer snapshot.
   */
  async snapshot<T>(read: () => Promise<T>): Promise<T> {
    if (this.#pinned.getStore() !== undefined) return read();
    const connection = await this.#inner.acquireConnection();
    try {
      await connection.executeQuery(
        CompiledQuery.raw("start transaction isolation level repeatable read read only"),
      );
      let result: T;
      try {
        result = await this.#pinned.run(connection, read);
      } catch (error) {
        await connection.executeQuery(CompiledQuery.raw("rollback")).catch(() => undefined);
        throw error;
      }
      await connection.executeQuery(CompiledQuery.raw("commit"));
      return result;
    } finally {
      await this.#inner.releaseConnection(connection);
    }
  }
}
