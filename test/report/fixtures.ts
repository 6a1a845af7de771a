import type { Lang } from '../../src/i18n/lang.js';
import { detectLang } from '../../src/i18n/lang.js';
import type { ChoiceRecord, DownReason, QuestionRecord, Rows, VoteRecord } from '../../src/store/types.js';

/** Rows for the report tests: small builders with defaults, so each test states only what matters to it. */
export const NOW = new Date('2026-11-26T12:00:00Z');
export const SINCE = new Date('2026-11-19T12:00:00Z');

let seq = 0;
export const at = (iso: string) => new Date(iso);

export function question(text: string, over: Partial<QuestionRecord> = {}): QuestionRecord {
  return {
    id: `q${++seq}`,
    at: at('2026-11-25T10:00:00Z'),
    text,
    lang: detectLang(text),
    band: 'answer',
    confidence: 0.9,
    top: [],
    route: 'ask',
    latencyMs: 12,
    userHash: 'u1',
    channelKind: 'dm',
    ...over,
  };
}

export function vote(entryId: string, v: 'up' | 'down', over: Partial<VoteRecord> & { reason?: DownReason } = {}): VoteRecord {
  return { at: at('2026-11-25T10:00:00Z'), entryId, vote: v, userHash: `u${++seq}`, questionId: `q${seq}`, ...over };
}

export function choice(questionText: string | undefined, entryId?: string, over: Partial<ChoiceRecord> & { questionLang?: Lang } = {}): Rows['choices'][number] {
  return {
    at: at('2026-11-25T10:00:00Z'),
    questionId: `q${++seq}`,
    userHash: `u${seq}`,
    ...(entryId ? { entryId } : {}),
    ...(questionText !== undefined ? { questionText, questionLang: detectLang(questionText) } : {}),
    ...over,
  };
}

export const rows = (r: Partial<Rows>): Rows => ({ questions: [], votes: [], choices: [], candidates: [], ...r });
