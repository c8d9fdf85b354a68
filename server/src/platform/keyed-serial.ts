import type { Logger } from "./logger";

/**
 * Runs work for one key one after another in this process (a conversation's message and the update it
 * causes), so two listeners of one subject don't race each other's reads or hold two pool connections
 * while one waits on the other's row lock. Correctness across processes still comes from the database
 * (row locks, unique keys); this only orders the work of one process. A failure is logged and does not
 * stop the next piece of work for the key.
 */
export function keyedSerial(log: Logger, what: string) {
  const chains = new Map<string, Promise<void>>();
  return (key: string, work: () => Promise<unknown>): Promise<void> => {
    const next = (chains.get(key) ?? Promise.resolve()).then(work).then(
      () => undefined,
      (err) => log.error({ err, key }, `${what} failed`),
    );
    chains.set(key, next);
    void next.then(() => {
      if (chains.get(key) === next) chains.delete(key);
    });
    return next;
  };
}
