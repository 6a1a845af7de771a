import { secondsSinceFetched } from '../cloud/facts.js';
import type { InstanceResult, InstanceVerdict } from '../commands/instance.js';
import { sourceLabel, sourceRef, uniqueSources } from '../commands/sources.js';
import { humanAge } from '../i18n/age.js';
import { instanceStrings as S } from '../i18n/instance.js';
import { fill, type Lang } from '../i18n/lang.js';
import type { AlternativeOutcome, CheckOutcome, ResolvedSource } from '../rules/engine.js';
import { encodeCard, type CardRef, type CardView } from './card.js';
import type { Action, Block, Doc } from './doc.js';
import { outcomeKey, STATUS_MARK, statusOf } from './markers.js';
import { ptrJson } from './ptr.js';

const secondsAgo = (result: Pick<InstanceResult, 'at' | 'fetched'>) => secondsSinceFetched(result.fetched, result.at);

const checkJson = (c: CheckOutcome, lang: Lang) => ({ id: c.id, status: statusOf(c.pass), pass: c.pass, severity: c.severity, message: c.message[lang], source: sourceRef(c.source) });
const outcomeJson = (a: AlternativeOutcome, lang: Lang) => ({ id: a.id, message: a.message[lang], source: sourceRef(a.source) });

/** One verdict in the JSON contract: id, eligible (true|false|null), checks, alternatives (+ title, notes, scenarios). */
export function verdictJson(v: InstanceVerdict, lang: Lang) {
  return {
    id: v.id,
    title: v.title[lang],
    eligible: v.eligible,
    checks: v.verdict.checks.map((c) => checkJson(c, lang)),
    alternatives: v.verdict.alternatives.map((a) => outcomeJson(a, lang)),
    notes: v.verdict.notes.map((n) => outcomeJson(n, lang)),
    scenarios: v.scenarios.map((s) => ({ fact: s.fact, value: s.value, label: s.label[lang], eligible: s.eligible })),
  };
}

/**
 * The `instance --json` contract: {instance: InstanceFacts + ageHours (+ hoursToExpiry), fetchedAt, verdicts:
 * [{id, eligible, checks, alternatives, …}], ptr: {…}|null, requestId}, plus what the text shows.
 */
export function instanceJson(result: InstanceResult, lang: Lang) {
  const { instance, fetchedAt, requestId, fromCache } = result.fetched;
  const ageHours = result.facts.ageHours;
  return {
    instance: {
      ...instance,
      ...(typeof ageHours === 'number' ? { ageHours } : {}),
      ...(result.hoursToExpiry !== undefined ? { hoursToExpiry: result.hoursToExpiry } : {}),
      // Added by issue #17: the age as the text shows it ("7 d 7 h").
      ...(result.ageMinutes !== undefined ? { age: humanAge(result.ageMinutes, lang) } : {}),
    },
    fetchedAt: fetchedAt.toISOString(),
    fetchedSecondsAgo: secondsAgo(result),
    fromCache,
    // Added by issue #15: the verdict the question asked about (first in verdicts), or null.
    focus: result.focus ?? null,
    regionSource: result.target.regionSource,
    verdicts: result.verdicts.map((v) => verdictJson(v, lang)),
    bandwidth: {
      outboundMbps: result.bandwidth.outboundMbps,
      inboundMaxMbps: result.bandwidth.inboundMaxMbps,
      notes: result.bandwidth.notes.map((n) => outcomeJson(n, lang)),
    },
    notes: result.notes.map((n) => outcomeJson(n, lang)),
    ptr: result.ptr ? ptrJson(result.ptr, lang) : null,
    ...(result.ptrReason ? { ptrReason: result.ptrReason[lang] } : {}),
    requestId,
  };
}

const pick = <T extends Record<string, { zh: string; en: string }>>(table: T, key: string | undefined, lang: Lang): string =>
  key !== undefined && Object.hasOwn(table, key) ? table[key as keyof T]![lang] : (key ?? '—');

/** At most this many private IPs in the summary; the facts view lists every one, per ENI. */
const SUMMARY_IPS = 6;

function privateIpsField(result: InstanceResult, lang: Lang): string {
  const ips = result.fetched.instance.privateIps;
  if (!ips.length) return '—';
  const shown = ips.slice(0, SUMMARY_IPS).join(', ');
  return ips.length > SUMMARY_IPS ? fill(S.moreIps[lang], { ips: shown, count: ips.length - SUMMARY_IPS }) : shown;
}

/** The summary's facts: network, IPs and bandwidth first, then state, billing and age. */
function factFields(result: InstanceResult, lang: Lang): Array<[string, string]> {
  const i = result.fetched.instance;
  const p = i.publicIp;
  const fields: Array<[string, string]> = [[S.fieldNetwork[lang], pick(S.network, i.networkType, lang)]];
  if (i.networkType === 'vpc') fields.push([S.fieldVpc[lang], [i.vpcId ?? '—', i.vSwitchId ?? '—', i.zoneId || '—'].join(' / ')]);
  else fields.push([S.fieldZone[lang], i.zoneId || '—']);
  fields.push([
    S.fieldPublicIp[lang],
    !p
      ? S.publicNone[lang]
      : p.kind === 'EIP'
        ? fill(S.publicEip[lang], { address: p.address, allocationId: p.allocationId ?? '—', chargeType: p.chargeType ?? '—', internetChargeType: p.internetChargeType ?? '—', bandwidth: p.bandwidth ?? '—' })
        : fill(S.publicNat[lang], { address: p.address }),
  ]);
  fields.push([S.fieldPrivateIps[lang], privateIpsField(result, lang)]);
  fields.push([S.fieldIpv6[lang], i.ipv6.length ? i.ipv6.join(', ') : S.none[lang]]);
  const inMax = result.bandwidth.inboundMaxMbps ?? 0;
  fields.push([
    S.fieldBandwidth[lang],
    p?.kind === 'EIP'
      ? fill(S.bandwidthEip[lang], { eip: result.bandwidth.outboundMbps, out: i.internetMaxBandwidthOut, in: i.internetMaxBandwidthIn })
      : fill(S.bandwidth[lang], { out: i.internetMaxBandwidthOut, in: i.internetMaxBandwidthIn, inMax }),
  ]);
  fields.push([S.fieldStatus[lang], i.status || '—']);
  if (i.stoppedMode && i.stoppedMode !== 'Not-applicable') fields.push([S.fieldStopMode[lang], pick(S.stopMode, i.stoppedMode, lang)]);
  fields.push([S.fieldBilling[lang], [pick(S.billing, i.instanceChargeType, lang), i.internetChargeType ? pick(S.internetCharge, i.internetChargeType, lang) : undefined].filter(Boolean).join('; ')]);
  fields.push([
    S.fieldCreated[lang],
    result.ageMinutes === undefined ? fill(S.ageUnknown[lang], { created: i.creationTime || '—' }) : fill(S.age[lang], { created: i.creationTime, age: humanAge(result.ageMinutes, lang) }),
  ]);
  if (result.hoursToExpiry !== undefined && i.expiredTime) {
    const hours = result.hoursToExpiry;
    fields.push([S.fieldExpires[lang], fill((hours >= 0 ? S.expires : S.expired)[lang], { expires: i.expiredTime, hours: Math.abs(hours) })]);
  }
  fields.push([S.fieldLocks[lang], i.operationLocks.length ? i.operationLocks.join(', ') : S.none[lang]]);
  if (i.instanceType) fields.push([S.fieldType[lang], i.instanceType]);
  return fields;
}

function privateIpItems(result: InstanceResult, lang: Lang): string[] {
  const i = result.fetched.instance;
  if (!i.enis.length) return [fill(S.classicPrivate[lang], { ips: i.privateIps.join(', ') || '—' })];
  return i.enis.map((eni) =>
    fill(S.eniLine[lang], {
      id: eni.id,
      type: eni.type === 'Primary' ? S.eniPrimary[lang] : S.eniSecondary[lang],
      mac: eni.macAddress ? `, ${eni.macAddress}` : '',
      ips: [...eni.privateIps.map((ip) => (ip === eni.primaryIp ? fill(S.ipPrimary[lang], { ip }) : ip)), ...eni.ipv6].join(', ') || '—',
    }),
  );
}

const label = (source: ResolvedSource) => sourceLabel(sourceRef(source));
const withSource = (o: AlternativeOutcome, lang: Lang) => `${o.message[lang]} (${label(o.source)})`;
const headline = (v: InstanceVerdict, lang: Lang) => fill(S.verdictHead[outcomeKey(v.eligible)][lang], { title: v.title[lang] });

/** The check that decided a verdict: the first failed one, else the first unknown one (error severity); none when eligible. */
function decidingCheck(v: InstanceVerdict): CheckOutcome | undefined {
  const errors = v.verdict.checks.filter((c) => c.severity === 'error');
  return errors.find((c) => c.pass === false) ?? errors.find((c) => c.pass === null);
}

/** One summary line per verdict: its outcome and the check that decided it, cited. */
function verdictLines(result: InstanceResult, lang: Lang): Block {
  return {
    type: 'checks',
    items: result.verdicts.map((v) => {
      const deciding = decidingCheck(v);
      const head = headline(v, lang);
      return {
        status: statusOf(v.eligible),
        text: deciding ? fill(S.verdictBecause[lang], { head, reason: deciding.message[lang] }) : head,
        ...(deciding ? { source: label(deciding.source) } : {}),
      };
    }),
  };
}

/** A verdict in full: its headline, its checks, and one list of what-ifs, alternatives and notes. */
export function verdictBlocks(v: InstanceVerdict, lang: Lang): Block[] {
  const blocks: Block[] = [
    { type: 'text', text: `${STATUS_MARK[statusOf(v.eligible)]} ${headline(v, lang)}  [${v.id}]` },
    {
      type: 'checks',
      items: v.verdict.checks.map((c) => ({
        status: statusOf(c.pass),
        text: (c.pass !== true && c.severity === 'warning' ? S.warning[lang] : '') + c.message[lang],
        source: label(c.source),
      })),
    },
  ];
  const items = [
    ...v.scenarios.map((s) => `➜ ${fill(S.scenario[lang], { label: s.label[lang], outcome: S.outcome[outcomeKey(s.eligible)][lang] })}`),
    ...v.verdict.alternatives.map((a) => `${S.insteadTitle[lang]} ${withSource(a, lang)}`),
    ...v.verdict.notes.map((n) => `ⓘ ${withSource(n, lang)}`),
  ];
  if (items.length) blocks.push({ type: 'list', items });
  return blocks;
}

function ptrLine(result: InstanceResult, lang: Lang): string | undefined {
  const r = result.ptr;
  if (!r) return undefined;
  const confirmed = r.forwardConfirmed === null ? S.notChecked[lang] : r.forwardConfirmed ? S.yes[lang] : S.no[lang];
  return r.ptr.length
    ? fill(S.ptrFound[lang], { names: r.ptr.join(', '), confirmed, server: r.server, rcode: r.rcode })
    : fill(S.ptrNone[lang], { server: r.server, rcode: r.rcode });
}

const ptrAddress = (result: InstanceResult) => result.fetched.instance.publicIp?.address ?? result.ptr?.ip ?? '';
const ptrHeading = (result: InstanceResult, lang: Lang) => fill(S.ptrTitle[lang], { ip: ptrAddress(result) });

/** The reverse DNS in one line, for the summary. */
function ptrSummary(result: InstanceResult, lang: Lang): string {
  const line = ptrLine(result, lang);
  return line ? fill(S.ptrSummary[lang], { ip: ptrAddress(result), line }) : (result.ptrReason?.[lang] ?? '');
}

function ptrBlocks(result: InstanceResult, lang: Lang): Block[] {
  const line = ptrLine(result, lang);
  if (!result.ptr || line === undefined) return [{ type: 'text', text: result.ptrReason?.[lang] ?? '' }];
  const checks = result.ptr.findings.filter((f) => f.status !== 'note');
  const notes = result.ptr.findings.filter((f) => f.status === 'note');
  const blocks: Block[] = [{ type: 'text', text: `${ptrHeading(result, lang)}\n${line}` }];
  if (checks.length) {
    blocks.push({
      type: 'checks',
      items: checks.map((f) => ({ status: f.status === 'note' ? 'unknown' : f.status, text: f.message[lang], ...(f.source ? { source: label(f.source) } : {}) })),
    });
  }
  if (notes.length) blocks.push({ type: 'list', items: notes.map((f) => f.message[lang]) });
  return blocks;
}

/** The instance beyond the summary: every ENI's addresses, what the bandwidth means, the notes, the reverse DNS. */
function factsBlocks(result: InstanceResult, lang: Lang): Block[] {
  const blocks: Block[] = [
    { type: 'text', text: S.privateIpsTitle[lang] },
    { type: 'list', items: privateIpItems(result, lang) },
    { type: 'text', text: S.bandwidthTitle[lang] },
    { type: 'list', items: result.bandwidth.notes.map((n) => withSource(n, lang)) },
  ];
  if (result.notes.length) blocks.push({ type: 'text', text: S.notesTitle[lang] }, { type: 'list', items: result.notes.map((n) => withSource(n, lang)) });
  return [...blocks, { type: 'divider' }, ...ptrBlocks(result, lang)];
}

const factsSources = (result: InstanceResult) => [...result.bandwidth.notes, ...result.notes].map((n) => n.source);
const verdictSources = (v: InstanceVerdict) => [...v.verdict.checks, ...v.verdict.alternatives, ...v.verdict.notes].map((x) => x.source);

function sourcesBlock(sources: ResolvedSource[], lang: Lang): Block[] {
  const unique = uniqueSources(sources);
  return unique.length ? [{ type: 'context', text: S.sources[lang] + unique.map(sourceLabel).join('; ') }] : [];
}

/**
 * What a card button carries for one view of this result (the front end may sign it). `ptr`: whether the
 * card checks the reverse DNS (a verdict's view is read without it, and keeps the card's choice).
 */
export function cardRef(result: InstanceResult, view: CardView, lang: Lang, ptr = result.ptrAsked): CardRef {
  const swaps = result.facts.swaps;
  return {
    view,
    lang,
    instanceId: result.target.instanceId,
    regionId: result.target.regionId,
    ...(typeof swaps === 'number' ? { swaps } : {}),
    ...(result.focus ? { focus: result.focus } : {}),
    ptr,
  };
}

/** The buttons of a view: back to the summary (from a detail), and the details not shown, in the verdicts' order. */
function cardActions(result: InstanceResult, lang: Lang, current: CardView, ptr = result.ptrAsked): Action[] {
  const views: CardView[] = ['facts', ...result.verdicts.map((v) => v.id)];
  const action = (view: CardView, text: string): Action => ({ id: `card_${view}`, label: text, value: encodeCard(cardRef(result, view, lang, ptr)) });
  return [
    ...(current === 'summary' ? [] : [action('summary', S.backButton[lang])]),
    ...views.filter((v) => v !== current).map((v) => action(v, fill(S.detailsButton[lang], { view: S.viewNames[v as Exclude<CardView, 'summary'>][lang] }))),
  ];
}

function headBlocks(result: InstanceResult, lang: Lang): Block[] {
  const i = result.fetched.instance;
  return [
    { type: 'header', text: fill(S.title[lang], { id: i.instanceId, name: i.name ? ` ${i.name}` : '', region: i.regionId }) },
    {
      type: 'context',
      text: fill(S.fetched[lang], { seconds: secondsAgo(result), cached: result.fetched.fromCache ? S.cached[lang] : '', requestId: result.fetched.requestId || '—' }),
    },
  ];
}

/** The card's first screen: the facts that matter, one line per verdict, the reverse DNS in a line. */
function summaryBlocks(result: InstanceResult, lang: Lang): Block[] {
  return [
    ...headBlocks(result, lang),
    ...(result.focus ? [{ type: 'text' as const, text: fill(S.focusNote[lang], { title: result.verdicts[0]!.title[lang] }) }] : []),
    { type: 'fields', fields: factFields(result, lang) },
    verdictLines(result, lang),
    { type: 'context', text: ptrSummary(result, lang) },
  ];
}

/**
 * The instance card. Chat shows the summary, with a Details button per view (each view's blocks come from
 * instanceViewDoc); a terminal prints the summary and then every view in full (`details`).
 */
export function instanceDoc(result: InstanceResult, lang: Lang): Doc {
  const details: Block[] = [{ type: 'divider' }, ...factsBlocks(result, lang), { type: 'divider' }, { type: 'text', text: S.verdictsTitle[lang] }];
  for (const v of result.verdicts) details.push(...verdictBlocks(v, lang));
  details.push(...sourcesBlock([...factsSources(result), ...result.verdicts.flatMap(verdictSources)], lang));
  return { blocks: summaryBlocks(result, lang), actions: cardActions(result, lang, 'summary'), details };
}

/**
 * One view of the card, as a chat shows it when its button is pressed: the summary, or one detail with a way
 * back. `ptr`: the card's reverse-DNS choice, kept in its buttons (default: this result's).
 */
export function instanceViewDoc(result: InstanceResult, lang: Lang, view: CardView, ptr = result.ptrAsked): Doc {
  if (view === 'summary') return { blocks: summaryBlocks(result, lang), actions: cardActions(result, lang, view, ptr) };
  const verdict = result.verdicts.find((v) => v.id === view);
  const body = verdict ? verdictBlocks(verdict, lang) : factsBlocks(result, lang);
  const sources = verdict ? verdictSources(verdict) : factsSources(result);
  const title: Block = { type: 'text', text: fill(S.viewTitle[lang], { view: S.viewNames[view][lang] }) };
  return { blocks: [...headBlocks(result, lang), ...(verdict ? [] : [title]), ...body, ...sourcesBlock(sources, lang)], actions: cardActions(result, lang, view, ptr) };
}
