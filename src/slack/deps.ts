import type { Logger } from '@slack/bolt';
import type { Services } from '../commands/types.js';
import type { SlackConfig } from './config.js';
import type { AnswerLog } from './answer-log.js';
import type { SeenSet } from './dedupe.js';
import type { FeedbackRecorder } from './feedback.js';

/** What every listener needs; built once per app. */
export interface Deps {
  config: SlackConfig;
  services: Services;
  /** Event ids and message identities already answered (retries, double deliveries). */
  seen: SeenSet;
  feedback: FeedbackRecorder;
  /** Where recent answers were posted, so an edited question updates its answer. */
  answers: AnswerLog;
  logger: Logger;
}
