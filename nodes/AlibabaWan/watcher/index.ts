/** The account's one task watcher in this process, shared by every waiting execution (see taskWatcher.ts). */
export type { Waiter, WatchOutcome } from './taskWatcher';
export { activeWatchers, autoIntervalMs, watcherFor } from './taskWatcher';
