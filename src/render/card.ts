import { isValidInstanceId, isValidRegionId } from '../cloud/validate.js';
import { MAX_SWAPS } from '../commands/instance.js';
import { isLang, type Lang } from '../i18n/lang.js';
import { INSTANCE_VERDICTS, type InstanceVerdictId } from '../knowledge/names.js';

/**
 * The instance card's views: the summary, the instance's ENIs/bandwidth/notes, and one per verdict. A chat
 * front end shows one at a time, each behind a button; a terminal prints them all.
 */
export type CardView = 'summary' | 'facts' | InstanceVerdictId;
export const CARD_VIEWS: readonly CardView[] = ['summary', 'facts', ...INSTANCE_VERDICTS];

/**
 * What a card button needs to show its view again: which instance (re-read through the 30 s cache, never
 * carried), the arguments that change the verdicts, and the view. No facts and nothing secret.
 */
export interface CardRef {
  view: CardView;
  lang: Lang;
  instanceId: string;
  regionId: string;
  /** --swaps, when it was given (the API does not say). */
  swaps?: number;
  /** --verdict: the verdict asked about, kept first. */
  focus?: InstanceVerdictId;
  /** Whether the reverse DNS is checked (false for --no-ptr). */
  ptr: boolean;
}

const PREFIX = 'card1';
const SEP = ';';

const isView = (v: string): v is CardView => (CARD_VIEWS as readonly string[]).includes(v);
const isVerdict = (v: string): v is InstanceVerdictId => (INSTANCE_VERDICTS as readonly string[]).includes(v);

/** `card1;eni;en;i-bp1…;cn-hangzhou;-;-;1`: short, and read back only by decodeCard's exact grammar. */
export function encodeCard(ref: CardRef): string {
  return [PREFIX, ref.view, ref.lang, ref.instanceId, ref.regionId, ref.swaps ?? '-', ref.focus ?? '-', ref.ptr ? '1' : '0'].join(SEP);
}

/** The ref a value stands for, or undefined for anything decodeCard would not have made (every field is checked). */
export function decodeCard(value: string): CardRef | undefined {
  if (value.length > 200) return undefined;
  const parts = value.split(SEP);
  if (parts.length !== 8) return undefined;
  const [prefix, view, lang, instanceId, regionId, swaps, focus, ptr] = parts as [string, string, string, string, string, string, string, string];
  if (prefix !== PREFIX || !isView(view) || !isLang(lang) || !isValidInstanceId(instanceId) || !isValidRegionId(regionId)) return undefined;
  if (swaps !== '-' && !(/^\d{1,4}$/.test(swaps) && Number(swaps) <= MAX_SWAPS)) return undefined;
  if (focus !== '-' && !isVerdict(focus)) return undefined;
  if (ptr !== '0' && ptr !== '1') return undefined;
  return {
    view,
    lang,
    instanceId,
    regionId,
    ...(swaps !== '-' ? { swaps: Number(swaps) } : {}),
    ...(focus !== '-' ? { focus: focus as InstanceVerdictId } : {}),
    ptr: ptr === '1',
  };
}

/**
 * The `instance` arguments that show a ref's view. A verdict's view shows no reverse DNS, so it skips the
 * lookup; the facts themselves come from the cloud client's 30 s cache when they are that fresh.
 */
export function cardTokens(ref: CardRef): string[] {
  const ptr = ref.ptr && (ref.view === 'summary' || ref.view === 'facts');
  return [
    ref.instanceId,
    '--region',
    ref.regionId,
    ...(ref.swaps !== undefined ? ['--swaps', String(ref.swaps)] : []),
    ...(ref.focus ? ['--verdict', ref.focus] : []),
    ...(ptr ? [] : ['--no-ptr']),
  ];
}
