import type { Logger } from '@slack/bolt';
import type { Services } from '../commands/types.js';
import type { ReportCache } from '../report/cache.js';
import type { Recorder } from '../store/recorder.js';
import type { SlackConfig } from './config.js';
import type { AnswerLog } from './answer-log.js';
import type { ThreadMemory } from '../app/chat.js';
import type { ExpertsDesk } from './experts.js';
import type { Outbox } from './outbox.js';
import type { UserLangs } from './user-lang.js';

/** What every listener needs; built once per app. */
export interface Deps {
  config: SlackConfig;
  services: Services;
  /** The store behind one interface: questions, votes and choices recorded off the reply path, and delivery de-duplication. */
  recorder: Recorder;
  /** Every reply to Slack goes through it: kept in the store until delivered, retried, never sent twice. */
  outbox: Outbox;
  /** Where recent answers were posted, so an edited question updates its answer. */
  answers: AnswerLog;
  /** The topic of each conversation (kept through the recorder, so replicas share it): follow-ups read with it. */
  threads: ThreadMemory;
  /** The maintainers' gaps report: a copy computed in the background, shown with its age (App Home, /ecs-ask report). */
  report: ReportCache;
  logger: Logger;
  /** Each user's Slack language (the Home tab), looked up with a short timeout. */
  userLangs: UserLangs;
  /** The experts' channel (NETBOT_EXPERTS_CHANNEL) and the keys of its flow; undefined: no "Ask the experts". */
  experts?: ExpertsDesk;
}
