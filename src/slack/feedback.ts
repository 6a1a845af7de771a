import type { Logger } from '@slack/bolt';

export type Vote = 'up' | 'down';

export interface FeedbackRecord {
  entry: string;
  vote: Vote;
  user: string;
  at: string;
}

/**
 * Remembers 👍/👎 votes in memory (one per user and entry: the last click wins) and logs each as a
 * structured line with only the entry id, the vote and the Slack user id: no message text, no tokens.
 */
export class FeedbackRecorder {
  private readonly votes = new Map<string, FeedbackRecord>();

  constructor(
    private readonly logger?: Pick<Logger, 'info'>,
    private readonly maxSize = 10_000,
    private readonly now: () => Date = () => new Date(),
  ) {}

  record(entry: string, vote: Vote, user: string): FeedbackRecord {
    const record = { entry, vote, user, at: this.now().toISOString() };
    const key = `${user}\u0000${entry}`;
    this.votes.delete(key);
    this.votes.set(key, record);
    if (this.votes.size > this.maxSize) this.votes.delete(this.votes.keys().next().value!);
    this.logger?.info(`feedback ${JSON.stringify({ entry, vote, user })}`);
    return record;
  }

  all(): FeedbackRecord[] {
    return [...this.votes.values()];
  }

  /** Totals per entry, e.g. for an operator looking at which answers need work. */
  tally(): Map<string, { up: number; down: number }> {
    const totals = new Map<string, { up: number; down: number }>();
    for (const r of this.votes.values()) {
      const t = totals.get(r.entry) ?? { up: 0, down: 0 };
      t[r.vote]++;
      totals.set(r.entry, t);
    }
    return totals;
  }
}
