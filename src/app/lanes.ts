import type { LaneKind, WorkLanes } from '../commands/types.js';

/** A lane that was full: the request is told "busy" for this kind of work, the others go on. */
export class LaneBusyError extends Error {
  constructor(readonly lane: LaneKind) {
    super(`the ${lane} lane is full`);
    this.name = 'LaneBusyError';
  }
}

/**
 * One kind of work, bounded: at most `concurrency` run at once and at most `maxWaiting` wait; a task that
 * finds it full is refused at once (LaneBusyError) rather than waiting behind work of another kind.
 */
export class Lane {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  shed = 0;

  constructor(
    readonly kind: LaneKind,
    readonly concurrency: number,
    readonly maxWaiting: number,
  ) {}

  get load(): { running: number; waiting: number; shed: number } {
    return { running: this.running, waiting: this.waiting.length, shed: this.shed };
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxWaiting) {
        this.shed++;
        throw new LaneBusyError(this.kind);
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.running++;
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter (running stays the same), or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

export interface LaneSizes {
  quick: { concurrency: number; maxWaiting: number };
  slow: { concurrency: number; maxWaiting: number };
}

/**
 * Quick work (the FAQ, calculators: CPU on this process) and slow work (outside calls: DNS, the ECS API) each
 * in a lane of its own, so that a slow dependency can only slow its own kind of work: four hung instance
 * lookups or a silent DNS server leave /ecs-bw answering at once. Sizes from NETBOT_LANE_* (see .env.example).
 */
export function workLanes(env: Readonly<Record<string, string | undefined>> = {}, sizes: Partial<LaneSizes> = {}): WorkLanes & { load: Record<LaneKind, Lane['load']> } {
  const num = (name: string, fallback: number) => {
    const raw = env[name];
    return raw && /^\d{1,5}$/.test(raw) && Number(raw) > 0 ? Number(raw) : fallback;
  };
  const lanes: Record<LaneKind, Lane> = {
    quick: new Lane('quick', sizes.quick?.concurrency ?? num('NETBOT_LANE_QUICK', 8), sizes.quick?.maxWaiting ?? 512),
    slow: new Lane('slow', sizes.slow?.concurrency ?? num('NETBOT_LANE_SLOW', 8), sizes.slow?.maxWaiting ?? num('NETBOT_LANE_SLOW_WAITING', 64)),
  };
  return {
    run: (kind, task) => lanes[kind].run(task),
    get load() {
      return { quick: lanes.quick.load, slow: lanes.slow.load };
    },
  };
}
