import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { parseCanswap } from '../commands/canswap.js';
import type { Services } from '../commands/types.js';
import { isLang, type Lang } from '../i18n/lang.js';
import { slackStrings } from './strings.js';

/** The /ecs-canswap form: one optional input per fact; the submission becomes the command's own tokens. */
export const CANSWAP_CALLBACK_ID = 'netbot_canswap';
const ACTION_ID = 'value';
const M = slackStrings.modal;

type Choice = 'network' | 'status' | 'publicIp' | 'billing';
type Text = 'age' | 'created' | 'swaps';

/** block_id → the canswap flag it fills. */
const FLAGS: Record<Choice | Text, string> = {
  network: '--network',
  age: '--age',
  created: '--created',
  swaps: '--swaps',
  status: '--status',
  publicIp: '--public-ip',
  billing: '--billing',
};
const CHOICES: Record<Choice, readonly (keyof typeof M.options)[]> = {
  network: ['vpc', 'classic'],
  status: ['running', 'stopped'],
  publicIp: ['nat', 'eip', 'none'],
  billing: ['prepaid', 'postpaid'],
};
const ORDER: readonly (Choice | Text)[] = ['network', 'age', 'created', 'swaps', 'status', 'publicIp', 'billing'];
const MAX_LENGTH: Record<Text, number> = { age: 40, created: 40, swaps: 4 };

export interface ModalMetadata {
  /** Where the command was typed: the verdict is posted there (ephemerally), else to the user by DM. */
  channel?: string;
  lang: Lang;
}

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });

function select(fact: Choice, lang: Lang): InputBlock {
  const options: PlainTextOption[] = CHOICES[fact].map((value) => ({ text: plain(M.options[value][lang]), value }));
  return {
    type: 'input',
    block_id: fact,
    optional: true,
    label: plain(M[fact][lang]),
    element: { type: 'static_select', action_id: ACTION_ID, placeholder: plain(M.choose[lang]), options },
  };
}

function textInput(fact: Text, lang: Lang): InputBlock {
  const placeholder = { age: M.agePlaceholder, created: M.createdPlaceholder, swaps: M.swapsPlaceholder }[fact][lang];
  return {
    type: 'input',
    block_id: fact,
    optional: true,
    label: plain(M[fact][lang]),
    element: { type: 'plain_text_input', action_id: ACTION_ID, placeholder: plain(placeholder), max_length: MAX_LENGTH[fact] },
  };
}

export function canswapModal(meta: ModalMetadata): ModalView {
  const { lang } = meta;
  const intro: KnownBlock = { type: 'context', elements: [{ type: 'plain_text', text: M.intro[lang], emoji: true }] };
  return {
    type: 'modal',
    callback_id: CANSWAP_CALLBACK_ID,
    private_metadata: JSON.stringify(meta),
    title: plain(M.title[lang]),
    submit: plain(M.submit[lang]),
    close: plain(M.close[lang]),
    blocks: [intro, ...ORDER.map((fact) => (fact in CHOICES ? select(fact as Choice, lang) : textInput(fact as Text, lang)))],
  };
}

const CHANNEL = /^[CGD][A-Z0-9]{2,20}$/;

/** private_metadata comes back from Slack; still, only trust a well-formed channel id and language. */
export function readMetadata(raw: string | undefined, fallback: Lang): ModalMetadata {
  try {
    const data = JSON.parse(raw ?? '') as Partial<Record<string, unknown>>;
    return {
      lang: isLang(data.lang) ? data.lang : fallback,
      channel: typeof data.channel === 'string' && CHANNEL.test(data.channel) ? data.channel : undefined,
    };
  } catch {
    return { lang: fallback };
  }
}

type StateValues = Record<string, Record<string, { value?: string | null; selected_option?: { value: string } | null }>>;

export type Submission = { ok: true; tokens: string[] } | { ok: false; errors: Record<string, string> };

/** Which field a canswap parse error belongs to, so it is shown next to that input. */
const FIELD_OF_ERROR: Record<string, Text> = {
  bad_age: 'age',
  bad_swaps: 'swaps',
  bad_created: 'created',
  created_in_future: 'created',
  age_and_created: 'created',
};

/**
 * Turns the form into canswap tokens, validating each typed field with the command's own parser so the
 * modal and the command accept exactly the same input; bad fields come back as inline errors.
 */
export function readSubmission(values: StateValues, lang: Lang, services: Pick<Services, 'now'>): Submission {
  const tokens: string[] = [];
  const errors: Record<string, string> = {};
  const ctx = { lang, langExplicit: true };
  for (const fact of ORDER) {
    const state = values[fact]?.[ACTION_ID];
    const raw = (fact in CHOICES ? state?.selected_option?.value : state?.value)?.trim();
    if (!raw) continue;
    const pair = [FLAGS[fact], raw];
    if (!(fact in CHOICES)) {
      const alone = parseCanswap(pair, ctx, services);
      if (!alone.ok) {
        errors[fact] = alone.error.message;
        continue;
      }
    }
    tokens.push(...pair);
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const whole = parseCanswap(tokens, ctx, services);
  if (!whole.ok) {
    const field = FIELD_OF_ERROR[whole.error.code];
    // Choices come from our own options, so any other error is a fact combination: show it on the age field.
    return { ok: false, errors: { [field ?? 'age']: whole.error.message } };
  }
  return { ok: true, tokens };
}

