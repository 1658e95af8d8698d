import { pino } from 'pino';

export interface LogStream {
  stream: ReturnType<typeof pino.destination>;
  /** Writes what is buffered and stops the flush timer. */
  close(): void;
}

/** How long a log line may wait in the buffer before it is written. */
const flushIntervalMs = 100;

/**
 * Standard output, buffered: under load, one write per log line (a syscall, or a thread-pool
 * round trip when asynchronous) costs as much as the request itself. Lines are written in
 * 4 KiB chunks, and at least every 100 ms so a quiet server's log stays current.
 */
export function createLogStream(): LogStream {
  const stream = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  const timer = setInterval(() => {
    try {
      stream.flush();
    } catch {
      // A write already in flight, or stdout gone; the next tick or close() tries again.
    }
  }, flushIntervalMs);
  timer.unref();
  return {
    stream,
    close() {
      clearInterval(timer);
      try {
        stream.flushSync();
      } catch {
        // Nothing buffered, or stdout is gone (closed pipe): nothing more to save.
      }
    },
  };
}
