import { bwStrings as S } from '../i18n/bw.js';
import { fill } from '../i18n/lang.js';
import type { AlternativeOutcome, CheckOutcome } from '../rules/engine.js';
import { parseFlags } from './flags.js';
import { CommandFailure, parsed, rejected, type ParseContext, type Parsed, type Services } from './types.js';
import { echo } from './echo.js';

export interface BwArgs {
  /** Outbound bandwidth in Mbps, or null when only intranet bandwidth was asked about. */
  outboundMbps: number | null;
  intranet: boolean;
  /** What the user typed for the figure, when it was not plain Mbps (shown as a conversion). */
  written: string | null;
}

export interface BwResult {
  outboundMbps: number | null;
  inboundMaxMbps: number | null;
  written: string | null;
  checks: CheckOutcome[];
  notes: AlternativeOutcome[];
}

const INTRANET_WORDS = new Set(['intranet', 'internal', 'private', '内网', '内网带宽']);
const UNIT_FACTOR: Record<string, number> = { k: 0.001, m: 1, g: 1000 };
// number, optional K/M/G, optional bit suffix: 5, 5M, 5Mbps, 5 Mbit/s, 500Kbps, 0.2Gbps (case-insensitive).
const FIGURE = /^(-?)(\d{1,9}(?:\.\d{1,6})?|\.\d{1,6})\s*([kmg])?(bps|bit\/s|bits\/s|bit|b\/s|b)?$/i;
// "MB/s", "MBps" (capital B, lower-case rest) and "bytes" are bytes per second, 8x bits: refused, not guessed.
const BYTES = /^-?[\d.]+\s*(?:[kmgKMG]B(?:\/s|ps)|[kmg]?bytes?(?:\/s)?)$/i;
const BYTES_CASED = /[kmgKMG]B(?:\/s|ps)$/;


/** Reads "5", "5M", "5 Mbit/s", "500Kbps", "0.2Gbps" into Mbps; bytes (MB/s) are refused, not guessed. */
export function parseBandwidth(input: string, max: number, ctx: ParseContext): Parsed<number> {
  const text = input.trim();
  if (BYTES.test(text) && (BYTES_CASED.test(text) || /bytes?/i.test(text))) {
    return rejected('bandwidth_bytes', fill(S.bytesAmbiguous[ctx.lang], { input: echo(text) }));
  }
  const match = FIGURE.exec(text);
  if (!match) return rejected('bad_bandwidth', fill(S.unreadable[ctx.lang], { input: echo(text) }));
  const [, sign, digits, unit] = match;
  const mbps = Math.round(Number(digits) * UNIT_FACTOR[(unit ?? 'm').toLowerCase()]! * 1e6) / 1e6;
  if (sign) return rejected('bandwidth_negative', fill(S.negative[ctx.lang], { input: echo(text), max }));
  if (!Number.isFinite(mbps) || mbps > max) {
    return rejected('bandwidth_out_of_range', fill(S.outOfRange[ctx.lang], { value: Number.isFinite(mbps) ? mbps : echo(text), max }));
  }
  return parsed(mbps);
}

/** The guide's cap, read from the shared rules so the parser and the verdict agree. */
function maxOutbound(services: Pick<Services, 'kb'>): number {
  return Number(services.kb.rules.get('bandwidth')?.params.maxOutboundMbps);
}

export function parseBw(tokens: readonly string[], ctx: ParseContext, services: Pick<Services, 'kb'>): Parsed<BwArgs> {
  {
    const flags = parseFlags(tokens, {}, ctx.lang, '5M');
    if (!flags.ok) return flags;
    const words = flags.args.positionals;
    const intranet = words.some((w) => INTRANET_WORDS.has(w.toLowerCase()));
    const figureWords = words.filter((w) => !INTRANET_WORDS.has(w.toLowerCase()));
    // "5 Mbit/s" arrives as two words: a number followed by a unit belongs together.
    const figure = figureWords.join(' ').replace(/(\d)\s+(?=[a-z])/gi, '$1');
    if (!figure) return intranet ? parsed({ outboundMbps: null, intranet, written: null }) : rejected('missing_bandwidth', S.missing[ctx.lang]);
    if (/\s/.test(figure)) return rejected('bad_bandwidth', fill(S.twoFigures[ctx.lang], { input: echo(figure) }));
    const value = parseBandwidth(figure, maxOutbound(services), ctx);
    if (!value.ok) return value;
    const plainMbps = /^\d+(\.\d+)?(m|mbps)?$/i.test(figure);
    return parsed({ outboundMbps: value.args, intranet, written: plainMbps ? null : figure });
  }
}

export async function runBw(args: BwArgs, services: Services): Promise<BwResult> {
  const rules = services.kb.rules.get('bandwidth');
  if (!rules) throw new CommandFailure({ code: 'internal', message: 'bandwidth rules missing' });
  const verdict = rules.evaluate({ outboundMbps: args.outboundMbps ?? undefined, intranet: args.intranet });
  const inbound = verdict.derived.inboundMaxMbps;
  return {
    outboundMbps: args.outboundMbps,
    inboundMaxMbps: typeof inbound === 'number' ? inbound : null,
    written: args.written,
    checks: args.outboundMbps === null ? [] : verdict.checks,
    notes: verdict.notes,
  };
}
