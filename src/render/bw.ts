import type { BwResult } from '../commands/bw.js';
import { sourceLabel, uniqueSources } from '../commands/sources.js';
import { bwStrings as S } from '../i18n/bw.js';
import { fill, type Lang } from '../i18n/lang.js';
import type { Block, Doc } from './doc.js';

const allSources = (result: BwResult) => uniqueSources([...result.checks, ...result.notes].map((x) => x.source));

/** The `bw --json` contract (issue #3): outboundMbps, inboundMaxMbps, notes, sources. */
export function bwJson(result: BwResult, lang: Lang) {
  return {
    outboundMbps: result.outboundMbps,
    inboundMaxMbps: result.inboundMaxMbps,
    notes: result.notes.map((n) => n.message[lang]),
    sources: allSources(result),
  };
}

export function bwDoc(result: BwResult, lang: Lang): Doc {
  const blocks: Block[] = [];
  if (result.outboundMbps === null) {
    blocks.push({ type: 'header', text: S.titleIntranet[lang] });
  } else {
    blocks.push({ type: 'header', text: fill(S.title[lang], { value: result.outboundMbps }) });
    blocks.push({
      type: 'fields',
      fields: [
        [S.outbound[lang], fill(S.mbps[lang], { value: result.outboundMbps })],
        [S.inbound[lang], fill(S.mbps[lang], { value: result.inboundMaxMbps ?? 0 })],
      ],
    });
    if (result.written) blocks.push({ type: 'context', text: fill(S.converted[lang], { input: result.written, value: result.outboundMbps }) });
  }
  const failed = result.checks.filter((c) => c.pass === false);
  if (failed.length) blocks.push({ type: 'checks', items: failed.map((c) => ({ status: 'fail', text: c.message[lang] })) });
  blocks.push({ type: 'list', items: result.notes.map((n) => n.message[lang]) });
  blocks.push({ type: 'context', text: S.sources[lang] + allSources(result).map(sourceLabel).join('; ') });
  return { blocks };
}
