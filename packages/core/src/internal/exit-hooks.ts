// Ends open runs when the process is asked to stop. On SIGINT/SIGTERM every
// open run gets a final flush and is marked KILLED, then the signal is
// re-raised so the process exits as it would have (killed by that signal) —
// unless the program listens for the signal itself: then it already got the
// signal and decides. On a natural exit ("beforeExit"), buffered points are
// flushed. Listeners exist only while runs are open.
//
// A handler only runs when the event loop turns: ActiveRun.flush() yields one
// macrotask turn so that a loop of `await run.flush()` against a synchronous
// store still lets the signal in. A second signal while runs are being ended
// finds no listener of ours and stops the process at once (the usual second
// Ctrl+C).

export interface ClosableRun {
  /** writes what is buffered; never rejects, schedules no macrotask */
  flushQuietly(): Promise<void>;
  /** a final flush, then the run ends KILLED; never rejects */
  endQuietly(status: "KILLED"): Promise<void>;
}

const open = new Set<ClosableRun>();
let installed = false;

const onSignal = (signal: NodeJS.Signals) => {
  const runs = [...open];
  void Promise.allSettled(runs.map((r) => r.endQuietly("KILLED"))).finally(() => {
    uninstall();
    // Our `once` listener is gone: another listener means the program handles
    // this signal (and was already called); re-raising would call it twice.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
};

const onBeforeExit = () => {
  const runs = [...open];
  if (runs.length > 0) void Promise.allSettled(runs.map((r) => r.flushQuietly()));
};

const install = () => {
  if (installed) return;
  installed = true;
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  process.on("beforeExit", onBeforeExit);
};

const uninstall = () => {
  if (!installed) return;
  installed = false;
  process.removeListener("SIGINT", onSignal);
  process.removeListener("SIGTERM", onSignal);
  process.removeListener("beforeExit", onBeforeExit);
};

export const trackOpenRun = (run: ClosableRun): void => {
  open.add(run);
  install();
};

export const untrackRun = (run: ClosableRun): void => {
  open.delete(run);
  if (open.size === 0) uninstall();
};
