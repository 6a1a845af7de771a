import type { FetchedFacts } from '../cloud/facts.js';
import { canswapStrings as S } from '../i18n/canswap.js';
import { fill, type Lang } from '../i18n/lang.js';
import type { Facts, Scenario, Verdict } from '../rules/engine.js';
import { fetchInstance, looksLikeInstanceId, parseTarget, type CloudTarget } from './cloud-args.js';
import { instanceRuleFacts } from './instance-facts.js';
import { parseDurationMinutes } from './duration.js';
import { parseFlags } from './flags.js';
import { CommandFailure, parsed, rejected, type ParseContext, type Parsed, type Services } from './types.js';
import { echo } from './echo.js';

export type Network = 'vpc' | 'classic';
export type Status = 'running' | 'stopped';
export type PublicIpKind = 'nat' | 'eip' | 'none';
export type Billing = 'prepaid' | 'postpaid';

/** The facts a verdict judges: as the user gave them, or as read from the API (plus swaps, which it lacks). */
export interface CanswapFacts {
  network?: Network;
  ageMinutes?: number;
  /** When the age was given as a creation time: resolved against the clock at run time. */
  created?: string;
  swaps?: number;
  /** running | stopped as typed; from the API also starting, stopping, pending. */
  status?: Status | (string & {});
  publicIp?: PublicIpKind;
  billing?: Billing;
  /** Known only from the API (`canswap i-…`): KeepCharging | StopCharging | Not-applicable. */
  stoppedMode?: string;
}

export interface CanswapArgs extends CanswapFacts {
  /** `canswap i-… [--region …]`: the facts come from the ECS API for this instance (only swaps may be added). */
  target?: CloudTarget;
  /** The language cloud failures are worded in (instance form only). */
  lang?: Lang;
}

export interface CanswapLookup {
  target: CloudTarget;
  fetched: FetchedFacts;
  /** services.now() when the verdict was made. */
  at: Date;
  /** What each value of a fact the API does not give (swaps) would make of the verdict. */
  scenarios: Scenario[];
}

export interface CanswapResult {
  facts: CanswapFacts;
  verdict: Verdict;
  /** Present for `canswap i-…` only. */
  lookup?: CanswapLookup;
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

/** Facts a user may add to `canswap i-…`: the ones the API does not give. */
const API_LACKS: ReadonlySet<keyof CanswapFacts> = new Set(['swaps']);

export function parseCanswap(
  tokens: readonly string[],
  ctx: ParseContext,
  services: Pick<Services, 'now'> & Partial<Pick<Services, 'env'>>,
): Parsed<CanswapArgs> {
  const spec = { network: 'string', age: 'string', created: 'string', swaps: 'string', status: 'string', 'public-ip': 'string', billing: 'string', region: 'string' } as const;
  const flags = parseFlags(tokens, spec, ctx.lang, 'vpc');
  if (!flags.ok) return flags;
  const ids = flags.args.positionals.filter(looksLikeInstanceId);
  const region = typeof flags.args.values.region === 'string' ? flags.args.values.region : undefined;
  if (ids.length > 1) return rejected('too_many_instances', fill(S.tooManyInstances[ctx.lang], { ids: clip(ids.join(' ')) }));
  if (region !== undefined && !ids.length) return rejected('region_without_instance', fill(S.regionWithoutInstance[ctx.lang], { example: S.instanceExample[ctx.lang] }));
  const sheet = new FactSheet(ctx.lang);
  for (const [key, value] of Object.entries(flags.args.values)) {
    if (typeof value === 'string' && key !== 'region') setFact(sheet, key, value, ctx.lang);
  }
  for (const word of flags.args.positionals) {
    if (looksLikeInstanceId(word)) continue;
    if (!readWord(sheet, word, ctx.lang)) sheet.fail('unknown_word', fill(S.unknownWord[ctx.lang], { word: clip(word) }));
  }
  if (sheet.error) return rejected(sheet.error.code, sheet.error.message);
  if (ids.length) {
    const given = (Object.keys(sheet.args) as Array<keyof CanswapFacts>).filter((k) => sheet.args[k] !== undefined && !API_LACKS.has(k));
    if (given.length) return rejected('facts_from_api', fill(S.factsFromApi[ctx.lang], { example: S.instanceExample[ctx.lang] }));
    const target = parseTarget(ids[0]!, region, services.env ?? {}, ctx.lang);
    if (!target.ok) return target;
    return parsed({ ...sheet.args, target: target.args, lang: ctx.lang });
  }
  if (sheet.args.created !== undefined) {
    const minutes = (services.now().getTime() - Date.parse(sheet.args.created)) / 60000;
    if (minutes < 0) return rejected('created_in_future', fill(S.createdInFuture[ctx.lang], { value: sheet.args.created }));
    sheet.args.ageMinutes = Math.floor(minutes);
  }
  return parsed(sheet.args);
}

/** The canswap facts of a live instance (the API's, in canswap's words), plus what the user added (swaps). */
function factsFromApi(fetched: FetchedFacts, now: Date, added: CanswapFacts): CanswapFacts {
  const f = instanceRuleFacts(fetched.instance, now);
  const facts: CanswapFacts = {
    network: f.network as Network,
    ageMinutes: typeof f.ageMinutes === 'number' ? f.ageMinutes : undefined,
    swaps: added.swaps,
    status: typeof f.status === 'string' ? f.status : undefined,
    publicIp: f.publicIp as PublicIpKind,
    billing: f.billing as Billing | undefined,
    stoppedMode: typeof f.stoppedMode === 'string' ? f.stoppedMode : undefined,
  };
  return Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined)) as CanswapFacts;
}

export async function runCanswap(args: CanswapArgs, services: Services): Promise<CanswapResult> {
  const rules = services.kb.rules.get('canswap');
  if (!rules) throw new CommandFailure({ code: 'internal', message: 'canswap rules missing' });
  let facts: CanswapFacts = args;
  let lookup: Omit<CanswapLookup, 'scenarios'> | undefined;
  if (args.target) {
    const fetched = await fetchInstance(args.target, services, args.lang ?? 'en');
    const at = services.now();
    facts = factsFromApi(fetched, at, args);
    lookup = { target: args.target, fetched, at };
  }
  const input: Facts = {
    network: facts.network,
    ageMinutes: facts.ageMinutes,
    swaps: facts.swaps,
    status: facts.status,
    publicIp: facts.publicIp,
    billing: facts.billing,
    stoppedMode: facts.stoppedMode,
  };
  const verdict = rules.evaluate(input);
  if (!lookup) return { facts, verdict };
  return { facts, verdict, lookup: { ...lookup, scenarios: rules.whatIf(input, verdict) } };
}
