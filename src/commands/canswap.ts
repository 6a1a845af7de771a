import { canswapStrings as S } from '../i18n/canswap.js';
import { fill, type Lang } from '../i18n/lang.js';
import type { Facts, Verdict } from '../rules/engine.js';
import { parseDurationMinutes } from './duration.js';
import { parseFlags } from './flags.js';
import { CommandFailure, parsed, rejected, type ParseContext, type Parsed, type Services } from './types.js';
import { echo } from './echo.js';

export type Network = 'vpc' | 'classic';
export type Status = 'running' | 'stopped';
export type PublicIpKind = 'nat' | 'eip' | 'none';
export type Billing = 'prepaid' | 'postpaid';

export interface CanswapArgs {
  network?: Network;
  ageMinutes?: number;
  /** When the age was given as a creation time: resolved against the clock at run time. */
  created?: string;
  swaps?: number;
  status?: Status;
  publicIp?: PublicIpKind;
  billing?: Billing;
}

export interface CanswapResult {
  facts: CanswapArgs;
  verdict: Verdict;
}

type Choice = 'network' | 'status' | 'publicIp' | 'billing';

/**
 * Words that name a value, in both languages; flags and free text share them. Maps, not object literals:
 * a user's word must never reach Object.prototype ("constructor", "__proto__").
 */
const WORDS: Record<Choice, ReadonlyMap<string, string>> = {
  network: new Map(Object.entries({ vpc: 'vpc', 专有网络: 'vpc', classic: 'classic', 经典网络: 'classic', 经典: 'classic' })),
  status: new Map(Object.entries({ running: 'running', started: 'running', 运行中: 'running', stopped: 'stopped', stop: 'stopped', 已停止: 'stopped', 停止: 'stopped' })),
  publicIp: new Map(Object.entries({ nat: 'nat', natpublicip: 'nat', system: 'nat', eip: 'eip', none: 'none', 'no-ip': 'none', noip: 'none', 无公网ip: 'none', 弹性公网ip: 'eip' })),
  billing: new Map(Object.entries({
    prepaid: 'prepaid', subscription: 'prepaid', 包年包月: 'prepaid', 预付费: 'prepaid',
    postpaid: 'postpaid', payg: 'postpaid', 'pay-as-you-go': 'postpaid', 按量付费: 'postpaid',
  })),
};
const ACCEPTED: Record<Choice, string> = { network: 'vpc|classic', status: 'running|stopped', publicIp: 'nat|eip|none', billing: 'prepaid|postpaid' };
const FLAG_OF: ReadonlyMap<string, Choice | 'age' | 'swaps' | 'created'> = new Map(Object.entries({
  network: 'network', status: 'status', 'public-ip': 'publicIp', publicip: 'publicIp', ip: 'publicIp', billing: 'billing',
  age: 'age', swaps: 'swaps', swapped: 'swaps', created: 'created',
} as const));
const MAX_AGE_DAYS = 36500;
const MAX_SWAPS = 1000;
const clip = (text: string) => echo(text, 40);

/** Collects facts one by one, refusing a second, different value for the same fact. */
class FactSheet {
  readonly args: CanswapArgs = {};
  error?: { code: string; message: string };
  constructor(private readonly lang: Lang) {}

  set<K extends keyof CanswapArgs>(key: K, value: CanswapArgs[K], label: keyof typeof S.factNames): void {
    const previous = this.args[key];
    if (previous !== undefined && previous !== value && !this.error) {
      this.error = {
        code: 'conflicting_facts',
        message: fill(S.conflict[this.lang], { fact: S.factNames[label][this.lang], first: String(previous), second: String(value) }),
      };
    }
    this.args[key] = value;
  }

  fail(code: string, message: string): void {
    this.error ??= { code, message };
  }
}

function setChoice(sheet: FactSheet, fact: Choice, raw: string, lang: Lang): void {
  const value = WORDS[fact].get(raw.toLowerCase());
  if (!value) {
    sheet.fail('bad_value', fill(S.badValue[lang], { fact: S.factNames[fact][lang], value: clip(raw), accepted: ACCEPTED[fact], example: `--${fact === 'publicIp' ? 'public-ip' : fact} ${ACCEPTED[fact].split('|')[0]}` }));
    return;
  }
  sheet.set(fact, value as never, fact);
}

function setAge(sheet: FactSheet, raw: string, lang: Lang): void {
  const minutes = parseDurationMinutes(raw);
  if (minutes === undefined) return sheet.fail('bad_age', fill(S.badAge[lang], { value: clip(raw) }));
  if (minutes > MAX_AGE_DAYS * 1440) return sheet.fail('bad_age', fill(S.ageTooLarge[lang], { value: clip(raw), max: MAX_AGE_DAYS }));
  sheet.set('ageMinutes', minutes, 'age');
}

function setSwaps(sheet: FactSheet, raw: string, lang: Lang): void {
  if (!/^\d{1,4}$/.test(raw) || Number(raw) > MAX_SWAPS) return sheet.fail('bad_swaps', fill(S.badSwaps[lang], { value: clip(raw), max: MAX_SWAPS }));
  sheet.set('swaps', Number(raw), 'swaps');
}

function setCreated(sheet: FactSheet, raw: string, lang: Lang): void {
  // A zone is required: a bare local time would silently depend on the server's time zone.
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
  if (!iso.test(raw) || Number.isNaN(Date.parse(raw))) return sheet.fail('bad_created', fill(S.badCreated[lang], { value: clip(raw) }));
  sheet.set('created', raw, 'age');
}

function setFact(sheet: FactSheet, key: string, raw: string, lang: Lang): boolean {
  const fact = FLAG_OF.get(key.toLowerCase());
  if (!fact) return false;
  if ((fact === 'age' && sheet.args.created) || (fact === 'created' && sheet.args.ageMinutes !== undefined)) {
    sheet.fail('age_and_created', S.ageAndCreated[lang]);
  } else if (fact === 'age') setAge(sheet, raw, lang);
  else if (fact === 'swaps') setSwaps(sheet, raw, lang);
  else if (fact === 'created') setCreated(sheet, raw, lang);
  else setChoice(sheet, fact, raw, lang);
  return true;
}

/** Reads one free-text word: "vpc", "2h", "swaps=1", "stopped", "eip", "包年包月", "换过1次". */
function readWord(sheet: FactSheet, word: string, lang: Lang): boolean {
  const pair = /^([a-z-]+)[=:](.+)$/i.exec(word);
  if (pair) return setFact(sheet, pair[1]!, pair[2]!, lang);
  const lower = word.toLowerCase();
  for (const fact of Object.keys(WORDS) as Choice[]) {
    const value = WORDS[fact].get(lower);
    if (value) {
      sheet.set(fact, value as never, fact);
      return true;
    }
  }
  const swapsZh = /^(?:已?换(?:过|了)?)?(\d{1,4})(?:次|swaps?)$/i.exec(word);
  if (swapsZh) {
    setSwaps(sheet, swapsZh[1]!, lang);
    return true;
  }
  if (parseDurationMinutes(word) !== undefined) return setFact(sheet, 'age', word, lang);
  return false;
}

export function parseCanswap(tokens: readonly string[], ctx: ParseContext, services: Pick<Services, 'now'>): Parsed<CanswapArgs> {
  const spec = { network: 'string', age: 'string', created: 'string', swaps: 'string', status: 'string', 'public-ip': 'string', billing: 'string' } as const;
  const flags = parseFlags(tokens, spec, ctx.lang, 'vpc');
  if (!flags.ok) return flags;
  const sheet = new FactSheet(ctx.lang);
  for (const [key, value] of Object.entries(flags.args.values)) {
    if (typeof value === 'string') setFact(sheet, key, value, ctx.lang);
  }
  for (const word of flags.args.positionals) {
    if (!readWord(sheet, word, ctx.lang)) sheet.fail('unknown_word', fill(S.unknownWord[ctx.lang], { word: clip(word) }));
  }
  if (sheet.error) return rejected(sheet.error.code, sheet.error.message);
  if (sheet.args.created !== undefined) {
    const minutes = (services.now().getTime() - Date.parse(sheet.args.created)) / 60000;
    if (minutes < 0) return rejected('created_in_future', fill(S.createdInFuture[ctx.lang], { value: sheet.args.created }));
    sheet.args.ageMinutes = Math.floor(minutes);
  }
  return parsed(sheet.args);
}

export async function runCanswap(args: CanswapArgs, services: Services): Promise<CanswapResult> {
  const rules = services.kb.rules.get('canswap');
  if (!rules) throw new CommandFailure({ code: 'internal', message: 'canswap rules missing' });
  const facts = args;
  const input: Facts = {
    network: facts.network,
    ageMinutes: facts.ageMinutes,
    swaps: facts.swaps,
    status: facts.status,
    publicIp: facts.publicIp,
    billing: facts.billing,
  };
  return { facts, verdict: rules.evaluate(input) };
}
