import type { ModalView } from '@slack/types';
import { isLang, type Lang } from '../i18n/lang.js';
import { DOWN_REASONS, type DownReason } from '../store/types.js';
import { slackStrings } from './strings.js';

const S = slackStrings.downReason;
export const DOWN_REASON_CALLBACK_ID = 'netbot_down_reason';
export const NOTE_MAX = 500;

/** What the modal carries back: which vote the reason belongs to. */
export interface DownReasonMeta {
  entryId: string;
  questionId?: string;
  lang: Lang;
}

/** The 👎 menu (issue #10): one reason from a short list, plus optional text. */
export function downReasonModal(meta: DownReasonMeta): ModalView {
  const { lang } = meta;
  const option = (r: DownReason) => ({ text: { type: 'plain_text' as const, text: S.reasons[r][lang] }, value: r });
  return {
    type: 'modal',
    callback_id: DOWN_REASON_CALLBACK_ID,
    private_metadata: JSON.stringify({ e: meta.entryId, q: meta.questionId ?? '', l: lang }),
    title: { type: 'plain_text', text: S.title[lang] },
    submit: { type: 'plain_text', text: S.submit[lang] },
    close: { type: 'plain_text', text: S.close[lang] },
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: S.intro[lang] } },
      { type: 'input', block_id: 'reason', label: { type: 'plain_text', text: S.reason[lang] }, element: { type: 'radio_buttons', action_id: 'pick', options: DOWN_REASONS.map(option) } },
      {
        type: 'input',
        block_id: 'note',
        optional: true,
        label: { type: 'plain_text', text: S.note[lang] },
        element: { type: 'plain_text_input', action_id: 'text', multiline: true, max_length: NOTE_MAX, placeholder: { type: 'plain_text', text: S.notePlaceholder[lang] } },
      },
    ],
  };
}

export function readDownMeta(raw: string | undefined): DownReasonMeta | undefined {
  try {
    const data = JSON.parse(raw ?? '') as { e?: unknown; q?: unknown; l?: unknown };
    if (typeof data.e !== 'string' || !isLang(data.l)) return undefined;
    return { entryId: data.e, ...(typeof data.q === 'string' && data.q ? { questionId: data.q } : {}), lang: data.l };
  } catch {
    return undefined;
  }
}

type Values = Record<string, Record<string, { selected_option?: { value?: string } | null; value?: string | null }>>;

/** The picked reason and the note (trimmed, at most NOTE_MAX characters); no reason → undefined. */
export function readDownReason(values: Values): { reason: DownReason; note?: string } | undefined {
  const picked = values.reason?.pick?.selected_option?.value;
  if (!(DOWN_REASONS as readonly string[]).includes(picked ?? '')) return undefined;
  const note = (values.note?.text?.value ?? '').trim().slice(0, NOTE_MAX);
  return { reason: picked as DownReason, ...(note ? { note } : {}) };
}
