import { secondsSinceFetched } from '../cloud/facts.js';
import type { InstanceResult, InstanceVerdict } from '../commands/instance.js';
import { sourceLabel, sourceRef, uniqueSources } from '../commands/sources.js';
import { instanceStrings as S } from '../i18n/instance.js';
import { fill, type Lang } from '../i18n/lang.js';
import type { AlternativeOutcome, CheckOutcome } from '../rules/engine.js';
import type { Block, CheckStatus, Doc } from './doc.js';
import { ptrJson } from './ptr.js';

const statusOf = (pass: boolean | null): CheckStatus => (pass === null ? 'unknown' : pass ? 'pass' : 'fail');
const outcomeKey = (eligible: boolean | null) => (eligible === null ? 'unknown' : eligible ? 'yes' : 'no');
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

function duration(minutes: number, lang: Lang): string {
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  return d > 0 ? fill(S.duration[lang], { d, h }) : fill(S.durationHours[lang], { h, m: Math.floor(minutes % 60) });
}

const pick = <T extends Record<string, { zh: string; en: string }>>(table: T, key: string | undefined, lang: Lang): string =>
  key !== undefined && Object.hasOwn(table, key) ? table[key as keyof T]![lang] : (key ?? '—');

function factFields(result: InstanceResult, lang: Lang): Array<[string, string]> {
  const i = result.fetched.instance;
  const fields: Array<[string, string]> = [[S.fieldNetwork[lang], pick(S.network, i.networkType, lang)]];
  if (i.networkType === 'vpc') fields.push([S.fieldVpc[lang], [i.vpcId ?? '—', i.vSwitchId ?? '—', i.zoneId || '—'].join(' / ')]);
  else fields.push([S.fieldZone[lang], i.zoneId || '—']);
  if (i.instanceType) fields.push([S.fieldType[lang], i.instanceType]);
  fields.push([S.fieldStatus[lang], i.status || '—']);
  if (i.stoppedMode) fields.push([S.fieldStopMode[lang], pick(S.stopMode, i.stoppedMode, lang)]);
  fields.push([S.fieldBilling[lang], [pick(S.billing, i.instanceChargeType, lang), i.internetChargeType ? pick(S.internetCharge, i.internetChargeType, lang) : undefined].filter(Boolean).join('; ')]);
  fields.push([
    S.fieldCreated[lang],
    result.ageMinutes === undefined ? fill(S.ageUnknown[lang], { created: i.creationTime || '—' }) : fill(S.age[lang], { created: i.creationTime, age: duration(result.ageMinutes, lang) }),
  ]);
  if (result.hoursToExpiry !== undefined && i.expiredTime) {
    const hours = result.hoursToExpiry;
    fields.push([S.fieldExpires[lang], fill((hours >= 0 ? S.expires : S.expired)[lang], { expires: i.expiredTime, hours: Math.abs(hours) })]);
  }
  fields.push([S.fieldLocks[lang], i.operationLocks.length ? i.operationLocks.join(', ') : S.none[lang]]);
  const p = i.publicIp;
  fields.push([
    S.fieldPublicIp[lang],
    !p
      ? S.publicNone[lang]
      : p.kind === 'EIP'
        ? fill(S.publicEip[lang], { address: p.address, allocationId: p.allocationId ?? '—', chargeType: p.chargeType ?? '—', internetChargeType: p.internetChargeType ?? '—', bandwidth: p.bandwidth ?? '—' })
        : fill(S.publicNat[lang], { address: p.address }),
  ]);
  fields.push([S.fieldIpv6[lang], i.ipv6.length ? i.ipv6.join(', ') : S.none[lang]]);
  const inMax = result.bandwidth.inboundMaxMbps ?? 0;
  fields.push([
    S.fieldBandwidth[lang],
    p?.kind === 'EIP'
      ? fill(S.bandwidthEip[lang], { eip: result.bandwidth.outboundMbps, out: i.internetMaxBandwidthOut, in: i.internetMaxBandwidthIn })
      : fill(S.bandwidth[lang], { out: i.internetMaxBandwidthOut, in: i.internetMaxBandwidthIn, inMax }),
  ]);
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

const withSource = (o: AlternativeOutcome, lang: Lang) => `${o.message[lang]} (${sourceLabel(sourceRef(o.source))})`;

/** A verdict as three blocks: its headline, its checks, and one list of what-ifs, alternatives and notes. */
export function verdictBlocks(v: InstanceVerdict, lang: Lang): Block[] {
  const blocks: Block[] = [
    { type: 'text', text: `${fill(S.verdictHead[outcomeKey(v.eligible)][lang], { title: v.title[lang] })}  [${v.id}]` },
    {
      type: 'checks',
      items: v.verdict.checks.map((c) => ({
        status: statusOf(c.pass),
        text: (c.pass !== true && c.severity === 'warning' ? S.warning[lang] : '') + c.message[lang],
        source: sourceLabel(sourceRef(c.source)),
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

function ptrBlocks(result: InstanceResult, lang: Lang): Block[] {
  const address = result.fetched.instance.publicIp?.address;
  if (!result.ptr) return [{ type: 'text', text: result.ptrReason?.[lang] ?? '' }];
  const r = result.ptr;
  const confirmed = r.forwardConfirmed === null ? S.notChecked[lang] : r.forwardConfirmed ? S.yes[lang] : S.no[lang];
  const line = r.ptr.length
    ? fill(S.ptrFound[lang], { names: r.ptr.join(', '), confirmed, server: r.server, rcode: r.rcode })
    : fill(S.ptrNone[lang], { server: r.server, rcode: r.rcode });
  const checks = r.findings.filter((f) => f.status !== 'note');
  const notes = r.findings.filter((f) => f.status === 'note');
  const blocks: Block[] = [{ type: 'text', text: `${fill(S.ptrTitle[lang], { ip: address ?? r.ip })}\n${line}` }];
  if (checks.length) {
    blocks.push({
      type: 'checks',
      items: checks.map((f) => ({ status: f.status === 'note' ? 'unknown' : f.status, text: f.message[lang], ...(f.source ? { source: sourceLabel(sourceRef(f.source)) } : {}) })),
    });
  }
  if (notes.length) blocks.push({ type: 'list', items: notes.map((f) => f.message[lang]) });
  return blocks;
}

export function instanceDoc(result: InstanceResult, lang: Lang): Doc {
  const i = result.fetched.instance;
  const blocks: Block[] = [
    { type: 'header', text: fill(S.title[lang], { id: i.instanceId, name: i.name ? ` ${i.name}` : '', region: i.regionId }) },
    {
      type: 'context',
      text: fill(S.fetched[lang], { seconds: secondsAgo(result), cached: result.fetched.fromCache ? S.cached[lang] : '', requestId: result.fetched.requestId || '—' }),
    },
    ...(result.focus ? [{ type: 'text' as const, text: fill(S.focusNote[lang], { title: result.verdicts[0]!.title[lang] }) }] : []),
    { type: 'fields', fields: factFields(result, lang) },
    { type: 'text', text: S.privateIpsTitle[lang] },
    { type: 'list', items: privateIpItems(result, lang) },
    { type: 'text', text: S.bandwidthTitle[lang] },
    { type: 'list', items: result.bandwidth.notes.map((n) => withSource(n, lang)) },
  ];
  if (result.notes.length) {
    blocks.push({ type: 'text', text: S.notesTitle[lang] });
    blocks.push({ type: 'list', items: result.notes.map((n) => withSource(n, lang)) });
  }
  blocks.push({ type: 'divider' }, { type: 'text', text: S.verdictsTitle[lang] });
  for (const v of result.verdicts) blocks.push(...verdictBlocks(v, lang));
  blocks.push({ type: 'divider' }, ...ptrBlocks(result, lang));
  const sources = uniqueSources([
    ...result.bandwidth.notes.map((n) => n.source),
    ...result.notes.map((n) => n.source),
    ...result.verdicts.flatMap((v) => [...v.verdict.checks, ...v.verdict.alternatives, ...v.verdict.notes].map((x) => x.source)),
  ]);
  blocks.push({ type: 'context', text: S.sources[lang] + sources.map(sourceLabel).join('; ') });
  return { blocks };
}
