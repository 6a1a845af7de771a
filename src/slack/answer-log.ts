/**
 * Where each question's answer was posted (channel + question ts → answer ts, and when), for a few minutes and
 * a bounded number of questions: an edit of the question then updates that answer instead of adding another.
 */
export class AnswerLog {
  private readonly answers = new Map<string, { answerTs: string; at: number }>();

  constructor(
    readonly windowMs = 5 * 60_000,
    private readonly maxSize = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  record(channel: string, questionTs: string, answerTs: string): void {
    const key = `${channel}:${questionTs}`;
    this.answers.delete(key);
    this.answers.set(key, { answerTs, at: this.now() });
    while (this.answers.size > this.maxSize) this.answers.delete(this.answers.keys().next().value!);
  }

  /** The answer to update when the question is edited now, if it was answered within the window. */
  answerTo(channel: string, questionTs: string): string | undefined {
    const found = this.answers.get(`${channel}:${questionTs}`);
    return found && this.now() - found.at <= this.windowMs ? found.answerTs : undefined;
  }
}
