import type { Logger } from '@slack/bolt';
import type { Services } from '../commands/types.js';
import { fill, type Lang } from '../i18n/lang.js';
import type { Block } from '../render/doc.js';
import { reportDoc } from '../render/report.js';
import { computeReport } from '../report/build.js';
import { ReportCache, type CachedReport } from '../report/cache.js';
import { pauseEvery } from '../store/pace.js';
import type { Recorder } from '../store/recorder.js';
import type { Deps } from './deps.js';
import { slackStrings } from './strings.js';

const S = slackStrings.report;
const WEEK_MS = 7 * 86_400_000;

export const isMaintainer = (deps: Pick<Deps, 'config'>, user: string | undefined): boolean => Boolean(user && deps.config.maintainers.has(user));

/** `/ecs-ask report` (maintainers only): the words that ask for the report rather than ask a question; "refresh" recomputes it. */
export const REPORT_REQUEST = /^\s*(?:report|报告)(?:\s+(?:refresh|刷新))?\s*$/i;
const REFRESH = /(?:refresh|刷新)\s*$/i;

/**
 * The bot's copy of last week's report: computed in the background over the store's aggregates, paced so that
 * the event loop (health checks, acks) is never held for more than a slice, and shared by every request.
 */
export function weeklyReport(recorder: Recorder, services: Pick<Services, 'kb' | 'now'>, logger: Pick<Logger, 'warn'>): ReportCache {
  return new ReportCache({
    compute: () => {
      const now = services.now();
      return computeReport(recorder, { since: new Date(now.getTime() - WEEK_MS), now, kb: services.kb }, pauseEvery());
    },
    warn: (message) => logger.warn(message),
  });
}

/** "3 min", "2 h", "1 d": how old a copy is, in whole units (under a minute counts as 0 min). */
function age(ms: number, lang: Lang): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 120) return fill(S.ageMinutes[lang], { n: minutes });
  if (minutes < 48 * 60) return fill(S.ageHours[lang], { n: Math.floor(minutes / 60) });
  return fill(S.ageDays[lang], { n: Math.floor(minutes / 1440) });
}

function copyBlocks(deps: Pick<Deps, 'report'>, copy: CachedReport, lang: Lang, refreshing: boolean): Block[] {
  const at = copy.computedAt.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  const line = fill(S.computedAgo[lang], { age: age(deps.report.ageOf(copy), lang), at, every: Math.round(deps.report.refreshMs / 60_000) });
  return [{ type: 'context', text: refreshing ? `${line} ${S.refreshing[lang]}` : line }, ...reportDoc(copy.report, lang).blocks];
}

export interface ReportRequest {
  /** Recompute now (`/ecs-ask report refresh`), even when the copy is recent. */
  refresh?: boolean;
  /** When a fresh copy is on its way: called with the blocks again once it is ready (once per key). */
  later?: { key: string; show: (blocks: Block[]) => void };
}

/**
 * The gaps report as it can be shown at once, never waiting for a computation: the cached copy with its age,
 * or "computing" before the first one. A copy missing or older than the refresh interval (or `refresh`)
 * starts a computation (one at a time), and `later` gets the fresh copy when it is done.
 */
export function reportBlocks(deps: Pick<Deps, 'recorder' | 'report'>, lang: Lang, request: ReportRequest = {}): Block[] {
  if (!deps.recorder.recording) return [{ type: 'text', text: S.recordingOff[lang] }];
  const before = deps.report.latest();
  const wanted = request.refresh || !before || deps.report.ageOf(before) >= deps.report.refreshMs;
  if (request.refresh) deps.report.refresh().catch(() => {});
  const { copy, refreshing } = deps.report.current();
  const coming = Boolean(wanted && refreshing);
  if (coming && request.later) {
    const { show } = request.later;
    deps.report.whenDone(request.later.key, (fresh) => {
      const shown = fresh ?? deps.report.latest();
      show(shown ? copyBlocks(deps, shown, lang, false) : [{ type: 'text', text: S.unavailable[lang] }]);
    });
  }
  if (!copy) return [{ type: 'text', text: coming ? S.computing[lang] : S.unavailable[lang] }];
  return copyBlocks(deps, copy, lang, coming);
}

/** The App Home's maintainer section: a title, the report (or "computing"), where to get the full one. */
export function maintainerBlocks(deps: Pick<Deps, 'recorder' | 'report'>, lang: Lang, request: ReportRequest = {}): Block[] {
  const section = (report: Block[]): Block[] => [{ type: 'divider' }, { type: 'header', text: S.homeTitle[lang] }, ...report, { type: 'context', text: S.homeHint[lang] }];
  const later = request.later && { key: request.later.key, show: (blocks: Block[]) => request.later!.show(section(blocks)) };
  return section(reportBlocks(deps, lang, { ...request, ...(later ? { later } : {}) }));
}

/** Whether `/ecs-ask report …` asks for a recomputation. */
export const wantsRefresh = (text: string): boolean => REFRESH.test(text);
