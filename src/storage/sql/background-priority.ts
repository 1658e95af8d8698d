/**
 * CommonJS source for the start of an eval'd worker (the checkpointer, the prediction log
 * inserter): lowers that thread's scheduling priority to nice 10 on Linux, where a thread's id
 * names it to setpriority(2). On two cores, a checkpoint or a batch of log inserts competing with
 * the event loop otherwise took whole time slices from requests (the logged p99 had 25-55 ms
 * stalls the unlogged one had not); at a lower priority they use the idle time instead. Elsewhere
 * (no /proc/thread-self) the thread keeps the process's priority.
 */
export const lowerThreadPrioritySource = `
try {
  const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
  require('node:os').setPriority(tid, 10);
} catch {
  // Not Linux, or not allowed: the thread runs at the process's priority.
}
`;
