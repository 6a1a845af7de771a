import type { SubnetNote, SubnetResult, SubnetRow } from '../commands/subnet.js';
import { fill, type Lang } from '../i18n/lang.js';
import { subnetStrings as S } from '../i18n/subnet.js';
import { formatAddress, formatCidr } from '../net/cidr.js';
import type { CheckOutcome, ResolvedSource } from '../rules/engine.js';
import type { Block, Doc } from './doc.js';

/** A count as JSON: a number while exact in a double (≤ 2^53 − 1), else a decimal string. */
export function countJson(value: bigint): number | string {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}

/** 65536 → "65,536 (2^16)": grouped digits, and the power of two for large round sizes. */
export function formatCount(value: bigint, lang: Lang): string {
  const grouped = value.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const isPower = value > 0n && (value & (value - 1n)) === 0n;
  if (!isPower || value < 65536n) return grouped;
  return fill(S.powerOfTwo[lang], { value: grouped, exp: value.toString(2).length - 1 });
}

export function noteText(note: SubnetNote, lang: Lang): string {
  return fill(S[note.key][lang], note.vars);
}

export function sourceText(source: ResolvedSource, lang: Lang): string {
  if (source.external) return source.external;
  return fill(S.sourceSection[lang], { section: source.section ?? '', title: source.sectionTitle ?? '' });
}

/** Failed or unknown error/warning checks: the plan breaks a cloud rule, so the notes say so too. */
const violations = (checks: CheckOutcome[]) => checks.filter((c) => c.pass !== true && c.severity !== 'info');

/** Every note of the reply in one list: the command's, the rules broken, then the rules' explanations. */
export function allNotes(result: SubnetResult, lang: Lang, withViolations: boolean): string[] {
  return [
    ...result.notes.map((n) => noteText(n, lang)),
    ...(withViolations ? violations(result.verdict.checks).map((c) => c.message[lang]) : []),
    ...result.verdict.notes.map((n) => n.message[lang]),
  ];
}

const rowJson = (row: SubnetRow) => ({
  cidr: formatCidr(row.cidr),
  first: formatAddress(row.cidr.family, row.first),
  last: formatAddress(row.cidr.family, row.last),
  addresses: countJson(row.addresses),
  usable: countJson(row.usable),
});

const RELATION_KEY = { equal: 'relEqual', contains: 'relContains', inside: 'relInside', disjoint: 'relDisjoint' } as const;

/** The `subnet --json` contract: network, newPrefix, total, subnets[], notes[] as specified; the rest is extra. */
export function subnetJson(result: SubnetResult, lang: Lang) {
  const mask = result.mask;
  return {
    network: result.network ? formatCidr(result.network) : null,
    newPrefix: result.newPrefix,
    total: countJson(result.total),
    subnets: result.subnets.map(rowJson),
    notes: allNotes(result, lang, true),
    offset: countJson(result.offset),
    mask: {
      prefix: mask.prefix,
      netmask: mask.netmask,
      wildcard: mask.wildcard,
      addresses: countJson(mask.addresses),
      usable: countJson(mask.usable),
    },
    broadcast: result.info?.broadcast != null && result.network ? formatAddress(result.network.family, result.info.broadcast) : null,
    ...(result.check && result.network
      ? {
          check: {
            other: formatCidr(result.check.other),
            relation: result.check.relation,
            overlap: result.check.relation !== 'disjoint',
            message: fill(S[RELATION_KEY[result.check.relation]][lang], { a: formatCidr(result.network), b: formatCidr(result.check.other) }),
          },
        }
      : {}),
    ...(result.vlsm
      ? {
          vlsm: {
            allocations: result.vlsm.allocations.map((a) => ({
              hosts: countJson(a.hosts),
              fits: a.row !== null,
              needPrefix: a.prefix < 0 ? null : a.prefix,
              ...(a.row ? rowJson(a.row) : { cidr: null }),
            })),
            free: countJson(result.vlsm.free),
          },
        }
      : {}),
    checks: result.verdict.checks.map((c) => ({
      id: c.id,
      status: c.pass === null ? 'unknown' : c.pass ? 'pass' : 'fail',
      severity: c.severity,
      message: c.message[lang],
      source: sourceText(c.source, lang),
      entries: c.entries,
    })),
  };
}

/** Rows as aligned columns: "10.0.0.0/30  10.0.0.1 – 10.0.0.2  4 addresses, 0 usable in a vSwitch". */
function rowLines(rows: Array<{ lead?: string; row: SubnetRow | null; missing?: string }>, lang: Lang): string {
  const cells = rows.map(({ lead, row, missing }) => [
    lead ?? '',
    row ? formatCidr(row.cidr) : (missing ?? ''),
    row ? `${formatAddress(row.cidr.family, row.first)} – ${formatAddress(row.cidr.family, row.last)}` : '',
    row ? fill((row.addresses === 1n ? S.rowOne : S.row)[lang], { addresses: formatCount(row.addresses, lang), usable: formatCount(row.usable, lang) }) : '',
  ]);
  const widths = [0, 1, 2].map((i) => Math.max(...cells.map((c) => c[i]!.length)));
  return cells
    .map((c) => c.map((cell, i) => (i < 3 && widths[i]! > 0 ? cell.padEnd(widths[i]!) : cell)).filter((cell, i) => i > 0 || widths[0]! > 0).join('  ').trimEnd())
    .join('\n');
}

function infoFields(result: SubnetResult, lang: Lang): Array<[string, string]> {
  const mask = result.mask;
  const v4 = mask.family === 4;
  const fields: Array<[string, string]> = [];
  if (result.network && result.info) {
    const info = result.info;
    const family = result.network.family;
    fields.push([S.network[lang], formatCidr(result.network)]);
    fields.push([S.netmask[lang], `${mask.netmask} (/${mask.prefix})`]);
    fields.push([S.wildcard[lang], mask.wildcard]);
    if (v4) fields.push([S.broadcast[lang], info.broadcast === null ? S.noBroadcast[lang] : formatAddress(family, info.broadcast)]);
    fields.push([S.hostRange[lang], `${formatAddress(family, info.first)} – ${formatAddress(family, info.last)}`]);
    fields.push([S.addresses[lang], formatCount(info.addresses, lang)]);
    fields.push([S.usable[lang], formatCount(info.usable, lang)]);
  } else {
    fields.push([S.prefix[lang], `/${mask.prefix}`]);
    fields.push([S.netmask[lang], mask.netmask]);
    fields.push([S.wildcard[lang], mask.wildcard]);
    fields.push([S.blockSize[lang], formatCount(mask.addresses, lang)]);
    fields.push([S.usable[lang], formatCount(mask.usable, lang)]);
  }
  return fields;
}

function header(result: SubnetResult, lang: Lang): string {
  if (!result.network) return fill(S.headerMask[lang], { prefix: result.mask.prefix });
  const network = formatCidr(result.network);
  if (result.split === 'vlsm') return fill(S.headerVlsm[lang], { network });
  if (result.split === 'none') return fill(S.headerInfo[lang], { network });
  return fill(S.headerSplit[lang], { network, total: formatCount(result.total, lang), prefix: result.newPrefix ?? '' });
}

export function subnetDoc(result: SubnetResult, lang: Lang): Doc {
  const blocks: Block[] = [{ type: 'header', text: header(result, lang) }, { type: 'fields', fields: infoFields(result, lang) }];
  if (result.vlsm) {
    blocks.push({ type: 'text', text: S.vlsmHeader[lang] });
    const rows = result.vlsm.allocations.map((a) => ({
      lead: fill(S.vlsmHosts[lang], { hosts: formatCount(a.hosts, lang) }),
      row: a.row,
      missing: fill(S.vlsmNoFit[lang], { need: a.prefix < 0 ? '>/0' : `/${a.prefix}` }),
    }));
    blocks.push({ type: 'code', text: rowLines(rows, lang) });
  } else if (result.split !== 'none' && result.subnets.length) {
    const from = result.offset + 1n;
    const to = result.offset + BigInt(result.subnets.length);
    blocks.push({ type: 'text', text: fill(S.listHeader[lang], { from: formatCount(from, lang), to: formatCount(to, lang), total: formatCount(result.total, lang) }) });
    blocks.push({ type: 'code', text: rowLines(result.subnets.map((row) => ({ row })), lang) });
  }
  if (result.check && result.network) {
    const text = fill(S[RELATION_KEY[result.check.relation]][lang], { a: formatCidr(result.network), b: formatCidr(result.check.other) });
    blocks.push({ type: 'text', text: `${fill(S.checkTitle[lang], { other: formatCidr(result.check.other) })} ${text}` });
  }
  if (result.verdict.checks.length) {
    blocks.push({ type: 'text', text: S.checksTitle[lang] });
    blocks.push({
      type: 'checks',
      items: result.verdict.checks.map((c) => ({
        status: c.pass === null ? 'unknown' : c.pass ? 'pass' : 'fail',
        text: c.message[lang],
        source: sourceText(c.source, lang),
      })),
    });
  }
  const notes = allNotes(result, lang, false);
  if (notes.length) blocks.push({ type: 'text', text: S.notesTitle[lang] }, { type: 'list', items: notes });
  const entries = [...new Set([...result.verdict.checks, ...result.verdict.notes].flatMap((x) => x.entries))];
  if (entries.length) blocks.push({ type: 'context', text: fill(S.seeAlso[lang], { ids: entries.join(', ') }) });
  return { blocks };
}
