/**
 * Cooperative work for long computations (the gaps report): a generator yields at checkpoints, every few
 * hundred items. Run to completion at once (runSync: the CLI, tests), or paced (runPaced: the bot), giving
 * the event loop a turn whenever a slice of time has passed, so health checks and acks are never held up.
 */
export type Steps<T> = Generator<void, T, void>;

/** A pause between slices of work: resolves at once, or after the event loop had its turn. */
export type Pause = () => Promise<void>;

/** The longest the bot computes without letting other work run. */
export const SLICE_MS = 10;

export function runSync<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

export async function runPaced<T>(steps: Steps<T>, pause: Pause): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await pause();
  }
}

/** A pause that yields to the event loop (setImmediate, after pending I/O) once `sliceMs` have passed since the last. */
export function pauseEvery(sliceMs = SLICE_MS): Pause {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    last = performance.now();
  };
}

/** No pause at all (the CLI has no one else to serve). */
export const noPause: Pause = async () => {};
