import { askStrings as S } from '../i18n/ask.js';
import { fill, type Lang } from '../i18n/lang.js';
import type { LoadedEntry } from '../knowledge/load.js';
import type { Doc } from './doc.js';

/** A command to run, as chat routing offers it next to an answer. */
export interface Offer {
  command: string;
  tokens: readonly string[];
}

export const RUN_PREFIX = 'run:';

/** How a user would type the offered command: `/ecs-bw 5M`. */
export const offerText = (offer: Offer) => [`/ecs-${offer.command}`, ...offer.tokens].join(' ');

/** The value a "run this" button carries; decodeOffer reads it back. */
export const encodeOffer = (offer: Offer) => RUN_PREFIX + JSON.stringify({ command: offer.command, tokens: offer.tokens });

export function decodeOffer(value: string): Offer | undefined {
  if (!value.startsWith(RUN_PREFIX)) return undefined;
  try {
    const data = JSON.parse(value.slice(RUN_PREFIX.length)) as { command?: unknown; tokens?: unknown };
    if (typeof data.command !== 'string' || !Array.isArray(data.tokens) || !data.tokens.every((t) => typeof t === 'string')) return undefined;
    return { command: data.command, tokens: data.tokens as string[] };
  } catch {
    return undefined;
  }
}

/** The answer, with the calculation offered first among its buttons (a follow-up line in a terminal). */
export function withOffer(doc: Doc, offer: Offer, lang: Lang): Doc {
  const run = { id: 'run', label: fill(S.runOffer[lang], { command: offerText(offer) }), value: encodeOffer(offer) };
  return { blocks: doc.blocks, actions: [run, ...(doc.actions ?? [])] };
}

/** A knowledge entry offered after a reply (the FAQ's answer beside a runbook): an entry button, like "next match". */
export function withRelated(doc: Doc, entry: Pick<LoadedEntry, 'id' | 'question'>, lang: Lang): Doc {
  const button = { id: 'related_faq', label: fill(S.relatedAnswer[lang], { question: entry.question[lang] }), value: `entry:${entry.id}` };
  return { blocks: doc.blocks, actions: [button, ...(doc.actions ?? [])] };
}
