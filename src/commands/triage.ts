import type { FetchedFacts } from '../cloud/facts.js';
import { instanceStrings } from '../i18n/instance.js';
import { fill, fillBoth, type Bilingual, type Lang } from '../i18n/lang.js';
import { triageStrings as S } from '../i18n/triage.js';
import type { KnowledgeBase, LoadedRunbook } from '../knowledge/load.js';
import { isCommandCheck, isFactCheck, isSecurityGroupCheck, isVerdictCheck, placeholdersOf, securityGroupScopes, stepCheckId } from '../knowledge/runbooks.js';
import type { ServiceSpec } from '../knowledge/schema.js';
import type { Cidr } from '../net/cidr.js';
import type { InstanceVerdictId } from '../knowledge/names.js';
import { formatValue, type Facts } from '../rules/engine.js';
import { looksLikeInstanceId, parseTarget, readInstance, type CloudTarget, type LiveFactsFailure } from './cloud-args.js';
import { echo } from './echo.js';
import { cloudClientOf } from './cloud-client.js';
import { parseFlags } from './flags.js';
import { evaluateInstance, type InstanceEvaluation } from './instance.js';
import { factsFor } from './instance-facts.js';
import { COMMAND_THRESHOLD, rankRunbooks } from './runbook-match.js';
import { groupReader, securityGroupStep, type SecurityGroupAsk, type SecurityGroupCheckInfo } from './triage-security.js';
import { callerInText, parsePeer, parseRange, parseServiceList, servicesInText, type Peer } from './triage-traffic.js';
import { CommandFailure, parsed, rejected, type ParseContext, type Parsed, type Services } from './types.js';

export { CHAT_THRESHOLD, describesTrouble, matchRunbook, rankRunbooks, type RunbookMatch } from './runbook-match.js';

export interface TriageArgs {
  runbook: LoadedRunbook;
  /** How the runbook was chosen: its id typed, or the symptom text matched (with the phrase and score). */
  matched: { by: 'id' } | { by: 'symptom'; text: string; phrase: string; score: number };
  target?: CloudTarget;
  /** What the security-group steps test, as the user named it (flags, else the symptom's words). */
  traffic?: { services?: ServiceSpec[]; servicesFrom?: 'flag' | 'text'; caller?: Cidr; peer?: Peer };
  lang: Lang;
}

export type StepStatus = 'pass' | 'fail' | 'unknown' | 'info';

export interface TriageStep {
  /** 1-based, in the runbook's order. */
  index: number;
  text: Bilingual;
  section: string;
  sectionTitle: string;
  status: StepStatus;
  detail: Bilingual | null;
  check?: { kind: 'fact'; expr: string } | { kind: 'verdict'; id: string } | { kind: 'command'; command: string; ran?: string; result?: unknown } | SecurityGroupCheckInfo;
}

export interface TriageResult {
  runbook: LoadedRunbook;
  matched: TriageArgs['matched'];
  target: CloudTarget | null;
  fetched: FetchedFacts | null;
  /** Why an instance was given but its live facts could not be read (no credentials, …): the runbook goes on without them. */
  liveFailure: LiveFactsFailure | null;
  at: Date;
  steps: TriageStep[];
}

/**
 * What a command check needs from the front end: run one command as chat would (`line` is how the runbook wrote
 * it) and read its reply as the step's outcome; `json` is the reply's JSON.
 */
export type CommandRunner = (command: string, tokens: string[], lang: Lang, line: string) => Promise<{ status: StepStatus; detail: string; json: unknown }>;

function runbookList(kb: KnowledgeBase, lang: Lang): string {
  return kb.runbooks.map((r) => `- ${fill(S.listItem[lang], { id: r.id, title: r.title[lang] })}`).join('\n');
}

/** The runbook a text names: its id (any case), else the best symptom match at the command's threshold. */
export function findRunbook(text: string, kb: KnowledgeBase): TriageArgs['matched'] & { runbook: LoadedRunbook } | undefined {
  const id = text.trim().toLowerCase();
  const byId = kb.runbooks.find((r) => r.id === id);
  if (byId) return { by: 'id', runbook: byId };
  const [best] = rankRunbooks(text, kb);
  if (!best || best.score < COMMAND_THRESHOLD) return undefined;
  return { by: 'symptom', text, phrase: best.phrase, score: best.score, runbook: best.runbook };
}


/**
 * --port / --from / --peer, else what the symptom's words name: checked only for a runbook with a
 * security-group step (elsewhere the words are just words, and the options are refused as unused).
 */
function parseTraffic(values: Record<string, string | boolean | undefined>, text: string, runbook: LoadedRunbook, lang: Lang, kb: KnowledgeBase): Parsed<NonNullable<TriageArgs['traffic']>> {
  const flag = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const scopes = securityGroupScopes(runbook);
  if (!scopes.length) {
    const unused = ['port', 'from', 'peer'].find((name) => flag(name) !== undefined);
    const ids = kb.runbooks.filter((r) => securityGroupScopes(r).length).map((r) => r.id).join(', ');
    return unused ? rejected('option_unused', fill(S.optionUnused[lang], { option: `--${unused}`, id: runbook.id, ids })) : parsed({});
  }
  const portFlag = flag('port');
  const services = portFlag !== undefined ? parseServiceList(portFlag) : servicesInText(text);
  if (!services.ok) return rejected('bad_port', fill(S.badPort[lang], { value: echo(services.value) }));
  const fromFlag = flag('from');
  const caller = fromFlag !== undefined ? parseRange(fromFlag) : callerInText(text);
  if (fromFlag !== undefined && !caller) return rejected('bad_from', fill(S.badFrom[lang], { value: echo(fromFlag) }));
  const peerFlag = flag('peer');
  const peer = peerFlag !== undefined ? parsePeer(peerFlag) : undefined;
  if (peerFlag !== undefined && !peer) return rejected('bad_peer', fill(S.badPeer[lang], { value: echo(peerFlag) }));
  return parsed({
    ...(services.services.length ? { services: services.services, servicesFrom: portFlag !== undefined ? ('flag' as const) : ('text' as const) } : {}),
    ...(caller ? { caller } : {}),
    ...(peer ? { peer } : {}),
  });
}

export function parseTriage(tokens: readonly string[], ctx: ParseContext, services: Pick<Services, 'kb' | 'env'>): Parsed<TriageArgs> {
  const { lang } = ctx;
  const flags = parseFlags(tokens, { region: 'string', port: 'string', from: 'string', peer: 'string' }, lang, 'website-unreachable i-bp67acfmxazb4ph7ts1q', {
    region: 'cn-hangzhou',
    port: '8080',
    from: '203.0.113.0/24',
    peer: 'i-bp1peer0000000000001',
  });
  if (!flags.ok) return flags;
  const ids = flags.args.positionals.filter(looksLikeInstanceId);
  const words = flags.args.positionals.filter((w) => !looksLikeInstanceId(w));
  const region = typeof flags.args.values.region === 'string' ? flags.args.values.region : undefined;
  // Two instances only for an intranet check between them ("i-a 和 i-b 内网不通"): the second is the other end.
  if (ids.length > 2) return rejected('too_many_instances', fill(S.tooManyInstances[lang], { ids: echo(ids.join(' ')) }));
  if (region !== undefined && !ids.length) return rejected('region_without_instance', S.regionWithoutInstance[lang]);
  const text = words.join(' ').trim();
  if (!text) return rejected('missing_symptom', fill(S.missingSymptom[lang], { list: runbookList(services.kb, lang) }));
  const found = findRunbook(text, services.kb);
  if (!found) {
    const example = services.kb.runbooks[0]?.id ?? 'website-unreachable';
    return rejected('no_runbook', fill(S.noRunbook[lang], { text: echo(text), list: runbookList(services.kb, lang), example }));
  }
  const { runbook, ...matched } = found;
  const traffic = parseTraffic(flags.args.values, text, runbook, lang, services.kb);
  if (!traffic.ok) return traffic;
  if (ids.length === 2) {
    if (!securityGroupScopes(runbook).includes('intranet') || traffic.args.peer) return rejected('too_many_instances', fill(S.tooManyInstances[lang], { ids: echo(ids.join(' ')) }));
    const second = parseTarget(ids[1]!, region, services.env, lang);
    if (!second.ok) return second;
    traffic.args.peer = { kind: 'instance', instanceId: second.args.instanceId };
  }
  let target: CloudTarget | undefined;
  if (ids.length) {
    const parsedTarget = parseTarget(ids[0]!, region, services.env, lang);
    if (!parsedTarget.ok) return parsedTarget;
    target = parsedTarget.args;
  }
  const hasTraffic = Object.keys(traffic.args).length > 0;
  return parsed({ runbook, matched, lang, ...(target ? { target } : {}), ...(hasTraffic ? { traffic: traffic.args } : {}) });
}

const same = (text: string): Bilingual => ({ zh: text, en: text });

/** The detail of a verdict step: its outcome, then what decided it (failed, then unknown checks) and its what-ifs. */
function verdictDetail(evaluation: InstanceEvaluation, id: InstanceVerdictId): { status: StepStatus; detail: Bilingual } {
  const v = evaluation.verdicts.find((x) => x.id === id)!;
  const key = v.eligible === null ? 'unknown' : v.eligible ? 'yes' : 'no';
  const decisive = v.verdict.checks.filter((c) => c.severity === 'error' && c.pass === false);
  const open = v.verdict.checks.filter((c) => c.severity === 'error' && c.pass === null);
  const lines = (lang: Lang) => [
    fill(S.verdictLine[key][lang], { title: v.title[lang] }),
    ...(decisive.length ? decisive : open).map((c) => c.message[lang]),
    ...v.scenarios.map((s) => `${s.label[lang]}: ${instanceStrings.outcome[s.eligible === null ? 'unknown' : s.eligible ? 'yes' : 'no'][lang]}`),
    ...(v.eligible === true ? [] : v.verdict.alternatives.slice(0, 1).map((a) => `${instanceStrings.insteadTitle[lang]} ${a.message[lang]}`)),
  ];
  return { status: v.eligible === null ? 'unknown' : v.eligible ? 'pass' : 'fail', detail: { zh: lines('zh').join(' '), en: lines('en').join(' ') } };
}

/** Failures that say the instance id or region is wrong: the reply is that error, not a runbook about no instance. */
const INPUT_FAILURES = new Set(['not_found', 'bad_instance_id', 'bad_region']);

/** The instance's facts; when the cloud cannot be read (no credentials, no permission, down), why, and the runbook goes on. */
async function liveFacts(target: CloudTarget | undefined, services: Services, lang: Lang): Promise<{ fetched: FetchedFacts | null; liveFailure: LiveFactsFailure | null }> {
  if (!target) return { fetched: null, liveFailure: null };
  const read = await readInstance(target, services);
  if ('fetched' in read) return { fetched: read.fetched, liveFailure: null };
  const { code, message, requestId } = read.failure;
  if (INPUT_FAILURES.has(code)) throw new CommandFailure({ code, message: message[lang], requestId });
  return { fetched: null, liveFailure: read.failure };
}

/** The services a security-group step tests: those the user named, else the step's own defaults. */
function securityGroupAsk(traffic: TriageArgs['traffic'], defaults: ServiceSpec[] | undefined): SecurityGroupAsk {
  const named = traffic?.services?.length ? traffic.services : undefined;
  const services = named ?? defaults ?? [];
  const servicesFrom = named ? (traffic?.servicesFrom ?? 'text') : defaults?.length ? 'default' : 'none';
  return { services, servicesFrom, ...(traffic?.caller ? { caller: traffic.caller } : {}), ...(traffic?.peer ? { peer: traffic.peer } : {}) };
}

/**
 * Walks the runbook's steps in order. With an instance: its live facts (one lookup), the runbook's fact
 * checks through the rules engine, the instance command's verdicts, and commands run through `runner` with
 * the facts filled in. Without one, or when its facts cannot be read, every check that needs facts is
 * unknown, saying why.
 */
export async function runTriage(args: TriageArgs, services: Services, runner: CommandRunner): Promise<TriageResult> {
  const { runbook, lang } = args;
  const { fetched, liveFailure } = await liveFacts(args.target, services, lang);
  // What a step that needs the instance's facts says when it has none.
  const needFacts = fillBoth(liveFailure ? S.liveFactsMissing : S.needInstance);
  const evaluation = fetched ? evaluateInstance(fetched, services) : null;
  const facts: Facts | null = evaluation?.facts ?? null;
  const outcome = facts ? runbook.rules.evaluate(factsFor(runbook.rules, facts)) : null;
  const at = evaluation?.at ?? services.now();
  const readGroups = groupReader(services);
  const steps: TriageStep[] = [];
  for (const [i, step] of runbook.steps.entries()) {
    const base = { index: i + 1, text: step.text, section: step.section, sectionTitle: services.kb.sections.get(step.section) ?? '' };
    const check = step.check;
    if (!check) {
      steps.push({ ...base, status: 'info', detail: null });
    } else if (isFactCheck(check)) {
      const info = { kind: 'fact' as const, expr: check.fact };
      const result = outcome?.checks.find((c) => c.id === stepCheckId(i));
      if (!result) steps.push({ ...base, status: 'unknown', detail: needFacts, check: info });
      else if (result.pass === null) steps.push({ ...base, status: 'unknown', detail: fillBoth(S.factMissing, { facts: result.missing.join(', ') }), check: info });
      else steps.push({ ...base, status: check.branch ? 'info' : result.pass ? 'pass' : 'fail', detail: result.message, check: info });
    } else if (isVerdictCheck(check)) {
      const info = { kind: 'verdict' as const, id: check.verdict };
      if (!evaluation) steps.push({ ...base, status: 'unknown', detail: needFacts, check: info });
      else steps.push({ ...base, ...verdictDetail(evaluation, check.verdict as InstanceVerdictId), check: info });
    } else if (isCommandCheck(check)) {
      const needs = placeholdersOf(check.command);
      const info = { kind: 'command' as const, command: check.command };
      if (needs.length && !facts) {
        steps.push({ ...base, status: 'unknown', detail: needFacts, check: info });
        continue;
      }
      const absent = needs.find((name) => facts?.[name] === undefined || facts[name] === '');
      if (absent) {
        steps.push({ ...base, status: 'unknown', detail: fillBoth(S.noValue, { fact: absent, command: check.command }), check: info });
        continue;
      }
      const line = fill(check.command, Object.fromEntries(needs.map((name) => [name, formatValue(facts![name])])));
      const [command, ...tokens] = line.trim().split(/\s+/);
      const { status, detail, json } = await runner(command!, tokens, lang, line);
      steps.push({ ...base, status, detail: same(detail), check: { ...info, ran: line, result: json } });
    } else if (isSecurityGroupCheck(check)) {
      const regionId = args.target?.regionId ?? '';
      const step = await securityGroupStep({
        scope: check.securityGroup,
        ask: securityGroupAsk(args.traffic, check.ports),
        fetched,
        read: readGroups,
        describePeer: (instanceId) => cloudClientOf(services).then((client) => client.describeInstance(instanceId, regionId)),
        at,
      });
      steps.push({ ...base, ...step });
    }
  }
  return { runbook, matched: args.matched, target: args.target ?? null, fetched, liveFailure, at, steps };
}
