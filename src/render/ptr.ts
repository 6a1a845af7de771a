import type { PtrResult } from '../commands/ptr.js';
import { sourceLabel, sourceRef, uniqueSources } from '../commands/sources.js';
import { ptrStrings as S } from '../i18n/ptr.js';
import { fill, type Lang } from '../i18n/lang.js';
import type { DnsRecord } from '../net/dns.js';
import type { Block, Doc } from './doc.js';

/** The `ptr --json` contract (field names fixed by the issue). */
export function ptrJson(result: PtrResult, lang: Lang) {
  return {
    ip: result.ip,
    reverseName: result.reverseName,
    server: result.server,
    rcode: result.rcode,
    ptr: result.ptr,
    forwardConfirmed: result.forwardConfirmed,
    findings: result.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message[lang] })),
  };
}

/** One record the way dig's answer section prints it. */
export function digLine(record: DnsRecord): string {
  const value = record.type === 'PTR' || record.type === 'CNAME' ? `${record.value}.` : record.value;
  return `${record.name}. ${record.ttl} IN ${record.type} ${value}`;
}

const answerBlock = (chain: DnsRecord[], rcode: string, lang: Lang): Block => ({
  type: 'code',
  text: chain.length ? chain.map(digLine).join('\n') : fill(S.noRecords[lang], { rcode }),
});

export function ptrDoc(result: PtrResult, lang: Lang): Doc {
  const via = result.transport === 'tcp' ? S.viaTcp[lang] : '';
  const confirmed = result.forwardConfirmed === null ? S.notChecked[lang] : result.forwardConfirmed ? S.yes[lang] : S.no[lang];
  const blocks: Block[] = [
    { type: 'header', text: fill(S.title[lang], { ip: result.ip }) },
    {
      type: 'fields',
      fields: [
        [S.fieldServer[lang], `${result.server} ${S.serverFrom[result.serverSource][lang]}`],
        [S.fieldReverseName[lang], `${result.reverseName}.`],
        [S.fieldStatus[lang], `${result.rcode}${via}`],
        [S.fieldForward[lang], confirmed],
      ],
    },
    { type: 'text', text: S.answerSection[lang] },
    answerBlock(result.chain, result.rcode, lang),
  ];
  for (const f of result.forward) {
    blocks.push({ type: 'text', text: fill(S.forwardSection[lang], { type: f.type, name: f.name, rcode: f.rcode }) });
    blocks.push(answerBlock(f.chain, f.rcode, lang));
  }
  const checks = result.findings.filter((f) => f.status !== 'note');
  if (checks.length) {
    blocks.push({
      type: 'checks',
      items: checks.map((f) => ({
        status: f.status === 'note' ? ('unknown' as const) : f.status,
        // Say how much a failure matters; a pass speaks for itself.
        text: (f.status === 'pass' ? '' : S.severity[f.severity][lang]) + f.message[lang],
        ...(f.source ? { source: sourceLabel(sourceRef(f.source)) } : {}),
      })),
    });
  }
  const notes = result.findings.filter((f) => f.status === 'note');
  if (notes.length) blocks.push({ type: 'list', items: notes.map((f) => f.message[lang]) });
  const sources = uniqueSources(result.findings.flatMap((f) => (f.source ? [f.source] : [])));
  if (sources.length) blocks.push({ type: 'context', text: S.sources[lang] + sources.map(sourceLabel).join('; ') });
  return { blocks };
}
