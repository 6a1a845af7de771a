import type { CanswapResult } from '../commands/canswap.js';
import { sourceLabel, sourceRef } from '../commands/sources.js';
import { canswapStrings as S } from '../i18n/canswap.js';
import { fill, type Lang } from '../i18n/lang.js';
import type { Block, CheckStatus, Doc } from './doc.js';

/** The `canswap --json` contract (issue #3): eligible, checks, alternatives (+ the facts it judged). */
export function canswapJson(result: CanswapResult, lang: Lang) {
  const { verdict } = result;
  return {
    eligible: verdict.eligible,
    checks: verdict.checks.map((c) => ({ id: c.id, pass: c.pass, message: c.message[lang], source: sourceRef(c.source) })),
    alternatives: verdict.alternatives.map((a) => ({ id: a.id, message: a.message[lang], source: sourceRef(a.source) })),
    notes: verdict.notes.map((n) => ({ id: n.id, message: n.message[lang], source: sourceRef(n.source) })),
    facts: result.facts,
  };
}

const statusOf = (pass: boolean | null): CheckStatus => (pass === null ? 'unknown' : pass ? 'pass' : 'fail');

function factsLine(result: CanswapResult, lang: Lang): string {
  const f = result.facts;
  const parts = [
    f.network,
    f.created ? `created ${f.created}` : undefined,
    f.ageMinutes !== undefined ? `${Math.floor(f.ageMinutes / 60)}h${Math.round(f.ageMinutes % 60)}m` : undefined,
    f.swaps !== undefined ? `swaps=${f.swaps}` : undefined,
    f.status,
    f.publicIp ? `public-ip=${f.publicIp}` : undefined,
    f.billing,
  ].filter(Boolean);
  return fill(S.facts[lang], { facts: parts.length ? parts.join(' ') : S.noFacts[lang] });
}

export function canswapDoc(result: CanswapResult, lang: Lang): Doc {
  const { verdict } = result;
  const failed = verdict.checks.some((c) => c.pass === false && c.severity === 'error');
  const headline = verdict.eligible ? S.verdictYes : failed ? S.verdictNo : S.verdictUnknown;
  const blocks: Block[] = [
    { type: 'header', text: headline[lang] },
    { type: 'context', text: factsLine(result, lang) },
    { type: 'text', text: S.checksTitle[lang] },
    {
      type: 'checks',
      items: verdict.checks.map((c) => ({ status: statusOf(c.pass), text: c.message[lang], source: sourceLabel(sourceRef(c.source)) })),
    },
  ];
  if (verdict.eligible) blocks.push({ type: 'text', text: S.howTo[lang] });
  if (verdict.alternatives.length) {
    blocks.push({ type: 'text', text: S.alternativesTitle[lang] });
    blocks.push({ type: 'list', items: verdict.alternatives.map((a) => `${a.message[lang]} (${sourceLabel(sourceRef(a.source))})`) });
  }
  if (verdict.notes.length) blocks.push({ type: 'list', items: verdict.notes.map((n) => `⚠ ${n.message[lang]}`) });
  return { blocks };
}
