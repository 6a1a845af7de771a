import type { Logger } from '@slack/bolt';
import type { Services } from '../commands/types.js';
import type { Recorder } from '../store/recorder.js';
import type { SlackConfig } from './config.js';
import type { AnswerLog } from './answer-log.js';

/** What every listener needs; built once per app. */
export interface Deps {
  config: SlackConfig;
  services: Services;
  /** The store behind one interface: questions, votes and choices recorded off the reply path, and delivery de-duplication. */
  recorder: Recorder;
  /** Where recent answers were posted, so an edited question updates its answer. */
  answers: AnswerLog;
  logger: Logger;
}
