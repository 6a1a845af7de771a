import { secondsSinceFetched } from '../cloud/facts.js';
import type { CanswapLookup, CanswapResult } from '../commands/canswap.js';
import { sourceLabel, sourceRef } from '../commands/sources.js';
import { canswapStrings as S } from '../i18n/canswap.js';
import { humanAge } from '../i18n/age.js';
import { fill, type Lang } from '../i18n/lang.js';
import type { Block, Doc } from './doc.js';
import { outcomeKey, STATUS_MARK, statusOf } from './markers.js';

/** The `canswap --json` contract (issue #3): eligible, checks, alternatives (+ the facts it judged). */
export function canswapJson(result: CanswapResult, lang: Lang) {
  const { verdict } = result;
  return {
    eligible: verdict.eligible,
    checks: verdict.checks.map((c) => ({ id: c.id, pass: c.pass, message: c.message[lang], source: sourceRef(c.source) })),
    alternatives: verdict.alternatives.map((a) => ({ id: a.id, message: a.message[lang], source: sourceRef(a.source) })),
    notes: verdict.notes.map((n) => ({ id: n.id, message: n.message[lang], source: sourceRef(n.source) })),
    facts: result.facts,
    ...(result.lookup ? lookupJson(result.lookup, lang) : {}),
  };
}

/** Fields added for `canswap i-…`: which instance, when the facts were fetched, and the what-ifs. */
function lookupJson(lookup: CanswapLookup, lang: Lang) {
  return {
    instance: { instanceId: lookup.fetched.instance.instanceId, regionId: lookup.fetched.instance.regionId },
    fetchedAt: lookup.fetched.fetchedAt.toISOString(),
    fetchedSecondsAgo: secondsAgo(lookup),
    fromCache: lookup.fetched.fromCache,
    scenarios: lookup.scenarios.map((sc) => ({ fact: sc.fact, value: sc.value, label: sc.label[lang], eligible: sc.eligible })),
    requestId: lookup.fetched.requestId,
  };
}

const secondsAgo = (lookup: CanswapLookup) => secondsSinceFetched(lookup.fetched, lookup.at);

function factsLine(result: CanswapResult, lang: Lang): string {
  const f = result.facts;
  const W = S.factWords;
  const known = f.status === 'running' || f.status === 'stopped' ? (f.status as 'running' | 'stopped') : undefined;
  const status = known ? W.status[known][lang] : f.status ? fill(W.status_other[lang], { status: f.status }) : undefined;
  const parts = [
    f.network ? W.network[f.network][lang] : undefined,
    // The creation time as given, and the age it makes (one wording of ages everywhere: "7 d 7 h").
    f.created ? fill(W.created[lang], { created: f.created }) : undefined,
    f.ageMinutes !== undefined ? fill(S.age[lang], { age: humanAge(f.ageMinutes, lang) }) : undefined,
    f.swaps !== undefined ? fill(W.swaps[lang], { n: f.swaps }) : undefined,
    status,
    f.publicIp ? W.publicIp[f.publicIp][lang] : undefined,
    f.billing ? W.billing[f.billing][lang] : undefined,
    f.stoppedMode ? fill(W.stopMode[lang], { mode: f.stoppedMode }) : undefined,
  ].filter(Boolean);
  return fill(S.facts[lang], { facts: parts.length ? parts.join(lang === 'zh' ? '，' : ', ') : S.noFacts[lang] });
}

export function canswapDoc(result: CanswapResult, lang: Lang): Doc {
  const { verdict } = result;
  const failed = verdict.checks.some((c) => c.pass === false && c.severity === 'error');
  const outcome = verdict.eligible ? true : failed ? false : null;
  const headline = { yes: S.verdictYes, no: S.verdictNo, unknown: S.verdictUnknown }[outcomeKey(outcome)];
  const blocks: Block[] = [
    { type: 'header', text: `${STATUS_MARK[statusOf(outcome)]} ${headline[lang]}` },
    { type: 'context', text: factsLine(result, lang) },
  ];
  const lookup = result.lookup;
  if (lookup) {
    blocks.push({
      type: 'context',
      text: fill(S.fromApi[lang], {
        id: lookup.fetched.instance.instanceId,
        region: lookup.fetched.instance.regionId,
        seconds: secondsAgo(lookup),
        cached: lookup.fetched.fromCache ? S.cached[lang] : '',
        requestId: lookup.fetched.requestId || '—',
      }),
    });
  }
  blocks.push(
    { type: 'text', text: S.checksTitle[lang] },
    {
      type: 'checks',
      items: verdict.checks.map((c) => ({ status: statusOf(c.pass), text: c.message[lang], source: sourceLabel(sourceRef(c.source)) })),
    },
  );
  if (lookup?.scenarios.length) {
    blocks.push({ type: 'text', text: S.scenariosTitle[lang] });
    blocks.push({ type: 'list', items: lookup.scenarios.map((sc) => fill(S.scenario[lang], { label: sc.label[lang], outcome: S.outcome[outcomeKey(sc.eligible)][lang] })) });
  }
  if (verdict.eligible) blocks.push({ type: 'text', text: S.howTo[lang] });
  if (verdict.alternatives.length) {
    blocks.push({ type: 'text', text: S.alternativesTitle[lang] });
    blocks.push({ type: 'list', items: verdict.alternatives.map((a) => `${a.message[lang]} (${sourceLabel(sourceRef(a.source))})`) });
  }
  if (verdict.notes.length) blocks.push({ type: 'list', items: verdict.notes.map((n) => `⚠ ${n.message[lang]}`) });
  return { blocks };
}
