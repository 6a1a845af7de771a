import { isRegionInText, isValidInstanceId } from '../cloud/validate.js';
import { describesTrouble, matchRunbook } from '../commands/runbook-match.js';
import { callerInText, rangeFlag, serviceFlag, servicesInText } from '../commands/triage-traffic.js';
import type { KnowledgeBase } from '../knowledge/load.js';
import { isSecurityGroupCheck, securityGroupScopes } from '../knowledge/runbooks.js';
import type { Entry, Qualifiers, Runbook } from '../knowledge/schema.js';
import type { InstanceVerdictId } from '../knowledge/names.js';
import type { SearchEngine, SearchOutcome } from '../search/engine.js';
import { askingClause, qualifierAgreement, type Frame } from '../search/frame.js';
import { isFollowUp, readAsLine, readInThread, type ThreadReading, type Topic } from '../search/followup.js';
import { detectLang } from '../i18n/lang.js';
import type { Invocation } from './invocation.js';
import { asksToSwapPublicIp, calculatorFor, IN_GENERAL, isExplicitCalculation } from './intent.js';
import { calculatorNamedFirst, parseCommandLine } from './route.js';

/** What a chat message runs, and the other side offered next to it (a calculator beside an FAQ answer). */
export interface Route {
  invocation: Invocation;
  offer?: Invocation;
  /** A knowledge entry offered next to a runbook: the FAQ's confident answer to the same text. */
  related?: string;
  /** The message names an instance whose live facts this asker may not read: the FAQ answers, with a line on how to get them. */
  liveFactsHint?: boolean;
  /** What answers when the route's live lookup fails (no region, no credentials, the API down): the FAQ, or the runbook without the instance. */
  fallback?: Invocation;
}

/**
 * One reading of a chat message, made once and used by every decision: the message in its thread (a
 * follow-up made whole), what it is about, the instance and region it names, and the search outcome.
 */
export interface MessageReading {
  /** The message as typed (trimmed). */
  text: string;
  /** The message as the search reads it (normalized; pinyin and IME slips read as Chinese): made once, used by every decision. */
  read: string;
  thread: ThreadReading;
  instanceId?: string;
  region?: string;
  /** The search over the thread's reading of the message (top 3). */
  outcome: SearchOutcome;
  /** The thread's topic the message was read against (none when it names another product: that replaces it). */
  topic?: Topic;
}

/** Asks for a reason or an explanation: the FAQ answers these even when a figure is given. */
const WHY = /为什么|为啥|为何|咋回事|怎么回事|怎么会|什么原因|原因|正常吗|\bwhy\b|how come|is (?:that|this|it) normal/i;
/** "咋回事" after a symptom asks what is going on, live: the runbook's walk answers it, not the guide's why. */
const WHAT_IS_GOING_ON = /咋回事|怎么回事/g;
/** Asks how, or whether: the FAQ replies to these unless the message names a computation (split, hosts, age). */
const HOW_OR_WHETHER =
  /^\s*(?:is|are|does|do|can|could|will|would|should)\b|怎么|怎样|如何|咋|要不要|需不需要|需要|会不会|是否|是不是|能不能|可不可以|可以|行不行|只能|最高|最多|上限|吗|么[?？]?$|\bhow\b|\bshould\b|\bdo(?:es)? (?:i|it|we)\b|\bwill\b|\bcan (?:i|we|it)\b|\bis (?:it|there)\b|\bneed\b|\bmax(?:imum)?\b/i;

/** Asks to troubleshoot, or what is going on: the runbook answers, whatever else the message asks. */
const TROUBLESHOOT = /排查|咋回事|怎么回事|怎么办|咋办|咋整|怎么解决|如何解决|怎么处理|怎么修|\btroubleshoot|\bdebug|\bhow (?:do|can|should) (?:i|we) fix\b|\bwhat (?:do|should) (?:i|we) do\b/i;

const WORD_SPLIT = /[\s,，。;；:：()（）?？!！"'“”]+/;

/** The instance id and region a message names. */
export function instanceIn(text: string): { instanceId?: string; region?: string } {
  const words = text.split(WORD_SPLIT).filter(Boolean);
  const instanceId = words.find((w) => isValidInstanceId(w));
  const region = words.find(isRegionInText);
  return { ...(instanceId ? { instanceId } : {}), ...(region ? { region } : {}) };
}

/**
 * Reads a message once: in its thread (a follow-up inherits the topic's feature, aspect, qualifiers and
 * instance, and changes what it names), then searches the reading with its frame.
 */
export function readMessage(text: string, search: Pick<SearchEngine, 'search' | 'readText' | 'frameReader' | 'namesOtherTopic' | 'otherTopicIn' | 'knowsWordsIn' | 'knowsAllWordsIn'>, topic?: Topic): MessageReading {
  const trimmed = text.trim();
  const read = search.readText(trimmed);
  // A message naming another product or cloud ("那RDS呢", "how does that work on aws") is read on its own: the
  // thread's topic must not carry it into the guide.
  const context = topic && !search.namesOtherTopic(trimmed) ? topic : undefined;
  const named = instanceIn(trimmed);
  const own = { instance: named.instanceId !== undefined, known: search.knowsWordsIn(read) };
  const frame = search.frameReader.read(read);
  let thread = readInThread(trimmed, frame, context, search.frameReader, own);
  // The message read alone, searched as already read: searched at most once, whichever question asks for it.
  let aloneOutcome: SearchOutcome | undefined;
  const alone = () => (aloneOutcome ??= search.search(read, 3, { frame, read: true }));
  // A follow-up made whole is read anew.
  let outcome = thread.followup ? search.search(thread.text, 3, { frame: thread.frame }) : alone();
  if (thread.followup && outcome.band === 'none' && context?.entryId && search.knowsAllWordsIn(read) && !namesNewFeature(frame, context) && alone().band !== 'answer') {
    // Declined when said of the topic's feature ("咋解决", "does it have to answer those", "what should i put in
    // the ticket"): it may ask more of the answer just given. Said after the topic's whole question, it stands
    // when that answer is the one it finds. Not when it names another feature ("安全组要改吗") or is answered
    // alone ("and blocking a single ip?"): it asks something else. Nor when none of its words is the guide's
    // ("what is the weather").
    const text = `${context.text} ${trimmed}`;
    const whole = search.search(text, 3, { frame: thread.frame });
    if (whole.band !== 'none' && whole.hits[0]?.entry.id === context.entryId) {
      thread = { ...thread, text, readAs: readAsLine(context.text, trimmed, detectLang(trimmed) === 'zh'), topicText: context.text };
      outcome = whole;
    }
  }
  if (thread.followup) {
    // A short question naming another feature may be a new question ("vpc实例的私网ip能改吗" after a reverse-DNS
    // answer) or lean on the topic ("安全组要改吗" after an IPv6 one): read alone it stands when the guide answers
    // it alone with near certainty, and better than as a follow-up.
    const standsAlone = context !== undefined && namesNewFeature(frame, context) && alone().band === 'answer' && alone().confidence >= STANDS_ALONE && alone().confidence > outcome.confidence;
    // Declined as a follow-up and declined alone ("what is the weather" after an ENI question): it was not about
    // the topic, and saying how it was read with the topic would only show a reading nobody meant.
    const notAboutTopic = outcome.band === 'none' && alone().band === 'none';
    if (standsAlone || notAboutTopic) {
      thread = { followup: false, says: thread.says, text: trimmed, frame };
      outcome = alone();
    }
  }
  if (thread.followup) outcome = agreeingWith(frame.qualifiers, outcome);
  // "and for rds instances?", "那RDS呢" in a thread: the topic's question asked of another product, which the
  // guide does not cover, even where an entry mentions it (ECS reaching RDS over the intranet).
  const otherTopic = topic && !context && outcome.band !== 'none' ? search.otherTopicIn(trimmed) : undefined;
  if (otherTopic && isFollowUp(trimmed, frame, own)) outcome = { ...outcome, band: 'none', otherTopic };
  const instanceId = named.instanceId ?? (thread.followup ? topic?.instanceId : undefined);
  const region = named.region ?? (thread.followup && !named.instanceId ? topic?.region : undefined);
  return { text: trimmed, read, thread, ...(instanceId ? { instanceId } : {}), ...(region ? { region } : {}), outcome, ...(context ? { topic: context } : {}) };
}

/**
 * A follow-up that names a qualifier ("经典网络的呢", "classic?") asks about that case: an answer written for
 * another case (a VPC-only entry) is not its answer. The first of the leading entries that does not contradict
 * it comes first, in the band the search gave (on the development threads, each such entry was the right one:
 * 3 of 3, and precision rose from 0.90 to 0.94); with none, the answer stands as the search gave it.
 */
function agreeingWith(named: Qualifiers, outcome: SearchOutcome): SearchOutcome {
  const [first] = outcome.hits;
  if (!first || outcome.band !== 'answer' || !qualifierAgreement(named, first.entry.qualifiers).conflict) return outcome;
  const agreeing = outcome.hits.find((h) => !qualifierAgreement(named, h.entry.qualifiers).conflict);
  if (!agreeing) return outcome;
  return { ...outcome, hits: [agreeing, ...outcome.hits.filter((h) => h !== agreeing)] };
}

/** The confidence at which a short question naming a new feature is read alone (development threads: 0.97–0.99 vs 0.89). */
const STANDS_ALONE = 0.95;

/** Whether a message names a feature its thread's topic was not about (a network type alone is a qualifier). */
function namesNewFeature(frame: Frame, topic: Topic): boolean {
  return frame.features.some((f) => f !== 'network-type' && !topic.frame.features.includes(f));
}

/**
 * The topic a turn leaves for the next one: the question as understood, and what it was about. A message that
 * says nothing of its own and got no answer ("ok", "thanks", "asdf") leaves the thread's topic as it was.
 */
export function topicAfter(reading: MessageReading): Topic {
  const { band, hits } = reading.outcome;
  const shown = band === 'answer' || band === 'probable' ? hits[0]?.entry : undefined;
  // A declined message leaves it too: the next follow-up ("要停机吗") still means the last thing understood.
  if (reading.topic && !shown && (!reading.thread.says || reading.outcome.band === 'none')) return reading.topic;
  const top = band !== 'none' ? hits[0]?.entry.id : undefined;
  const { frame } = reading.thread;
  // The feature of the entry that answered comes first: it is what the conversation is now about.
  const features = shown?.feature ? [shown.feature, ...frame.features.filter((f) => f !== shown.feature)] : frame.features;
  return {
    text: reading.thread.topicText ?? reading.thread.readAs ?? reading.text,
    frame: { ...frame, features },
    ...(top ? { entryId: top } : {}),
    ...(reading.instanceId ? { instanceId: reading.instanceId } : {}),
    ...(reading.region ? { region: reading.region } : {}),
  };
}

const askFor = (reading: MessageReading): Invocation => ({ command: 'ask', tokens: [reading.text], reading: { text: reading.thread.text, frame: reading.thread.frame, ...(reading.thread.readAs ? { readAs: reading.thread.readAs } : {}), outcome: reading.outcome } });

/** Which verdict of an instance a question asks about, from what it names (none: its network setup in general). */
function verdictFor(text: string, frame: Frame): InstanceVerdictId | 'canswap' | undefined {
  const [feature] = frame.features;
  if (feature === 'convert-eip' || /(?:转|变)\s*(?:成|为|换成)?\s*(?:eip|弹性)|convert.{0,20}eip|to an? eip/i.test(text)) return 'convert-eip';
  if (asksToSwapPublicIp(text)) return 'canswap';
  if (feature === 'private-ip') return 'private-ip';
  if (feature === 'eni' || feature === 'secondary-ip') return 'eni';
  if (feature === 'ipv6' || feature === 'ipv6-tool' || frame.qualifiers.ip === 'v6') return 'ipv6';
  return undefined;
}

/** A message naming an instance: its live facts, with the verdict its question asks about. */
function instanceRoute(reading: MessageReading): Invocation {
  const id = reading.instanceId!;
  const region = reading.region ? ['--region', reading.region] : [];
  const verdict = verdictFor(reading.thread.text, reading.thread.frame);
  if (verdict === 'canswap') return { command: 'canswap', tokens: [id, ...region] };
  return { command: 'instance', tokens: [id, ...region, ...(verdict ? ['--verdict', verdict] : [])] };
}

/**
 * What a runbook's security-group steps need from the message, as triage options: the port ("8080", "443端口",
 * "ping"), the caller's range ("from 203.0.113.0/24"), and for an intranet check the other instance named.
 */
function trafficTokens(reading: MessageReading, runbook: Parameters<typeof securityGroupScopes>[0]): string[] {
  const scopes = securityGroupScopes(runbook);
  if (!scopes.length) return [];
  const services = servicesInText(reading.text);
  const caller = callerInText(reading.text);
  const ids = [...new Set(reading.text.split(WORD_SPLIT).filter((w) => isValidInstanceId(w)))];
  const peer = scopes.includes('intranet') && reading.instanceId ? ids.find((id) => id !== reading.instanceId) : undefined;
  return [
    ...(!services.ok ? ['--port', services.value] : services.services.length ? ['--port', serviceFlag(services.services)] : []),
    ...(caller ? ['--from', rangeFlag(caller)] : []),
    ...(peer ? ['--peer', peer] : []),
  ];
}

/**
 * A described symptom ("我的网站外网访问不了", "mail to gmail bounces, no PTR", pinyin too) → its runbook, with the
 * instance id and region the message names. The FAQ's answer, when it is confident, is offered next to it.
 */
function symptomRoute(reading: MessageReading, kb: KnowledgeBase): Route | undefined {
  const match = matchRunbook(reading.text, kb) ?? (reading.read !== reading.text ? matchRunbook(reading.read, kb) : undefined);
  if (!match) return undefined;
  const { instanceId, region } = reading;
  const traffic = trafficTokens(reading, match.runbook);
  const triage = { command: 'triage', tokens: [match.runbook.id, ...(instanceId ? [instanceId] : []), ...(instanceId && region ? ['--region', region] : []), ...traffic] };
  // When the instance's facts cannot even be asked for (no region known), the runbook still walks, without them.
  const fallback = instanceId ? { fallback: { command: 'triage', tokens: [match.runbook.id, ...traffic] } } : {};
  // A story that ends in a how/what question ("邮件老被拒收 听说要弄反向解析 怎么申请"), or a "why"/"is that normal"
  // the guide answers: the FAQ's answer first, the runbook offered next to it.
  const ask = askingClause(reading.text);
  // (Not "咋排查", "how do i fix it": that asks for the runbook itself.)
  const asksTheGuide = !TROUBLESHOOT.test(ask) && (WHY.test(reading.text.replace(WHAT_IS_GOING_ON, ' ')) || (ask !== reading.text && !describesTrouble(ask) && reading.thread.frame.aspects.length > 0));
  if (asksTheGuide && (reading.outcome.band === 'answer' || reading.outcome.band === 'probable')) return { invocation: askFor(reading), offer: triage };
  const top = reading.outcome.band === 'answer' ? reading.outcome.hits[0]?.entry : undefined;
  const related = top && backedBy(match.runbook, top) ? top.id : undefined;
  return { invocation: triage, ...fallback, ...(related ? { related } : {}) };
}

/**
 * Whether an FAQ answer belongs beside a runbook: its section is in a chapter the runbook's steps cite (a
 * website runbook is not offered an IPv6 answer because "外网访问不了" reads alike). A security-group step
 * cites §4.1, the guide's one sentence on what rules do, inside the IPv6 chapter: it backs security-group
 * answers only.
 */
function backedBy(runbook: Runbook, entry: Entry): boolean {
  const chapter = (s: string) => s.split('.')[0];
  return runbook.steps.some((step) =>
    step.check && isSecurityGroupCheck(step.check) ? entry.feature === 'security-group' : chapter(step.section) === chapter(entry.section),
  );
}

export interface RouteOptions {
  /** May this asker read live instance facts (NETBOT_TRIAGE_ALLOW; always at the operator's own terminal)? */
  infrastructureAllowed: boolean;
}

/**
 * Decides who answers a chat message, from its one reading:
 * - a slash command: itself;
 * - an explicit computation (a split, a host count, an instance's facts) that is not a "why": the calculator;
 * - a described symptom: its runbook (triage), with the instance the message names;
 * - a message naming an instance id and asking about it: that instance's live facts with the verdict its
 *   question asks about, for those allowed; for everyone else the FAQ's answer and a line on live facts;
 * - a why/how/whether question with a figure: the FAQ, the calculation offered next to it (never as the answer);
 * - a plain calculation ("5M带宽入网多少", "PTR of 1.2.3.4"): the calculator; everything else: the FAQ.
 * `ask --json` reports the same decision (its `route` field), so every front end agrees.
 */
export function decideRoute(reading: MessageReading, kb: KnowledgeBase | undefined, opts: RouteOptions): Route {
  const { text } = reading;
  const slash = parseCommandLine(text);
  if (slash) return { invocation: slash };
  // Pinyin too: "daikuan 2M chuwang ruwang fenbie duoshao" reads as 带宽 2m 出网 入网 分别 多少.
  const calc = reading.thread.followup ? undefined : (calculatorFor(text) ?? (reading.read !== text ? calculatorFor(reading.read) : undefined));
  const why = WHY.test(text);
  if (calc && isExplicitCalculation(calc, text) && !why) return { invocation: calc };
  const symptom = kb ? symptomRoute(reading, kb) : undefined;
  if (symptom) return symptom;
  if (reading.instanceId) {
    if (opts.infrastructureAllowed) return { invocation: instanceRoute(reading), fallback: askFor(reading) };
    return { invocation: askFor(reading), liveFactsHint: true, ...(calc ? { offer: calc } : {}) };
  }
  if (!calc) {
    const named = reading.outcome.band === 'none' && !reading.thread.followup ? calculatorNamedFirst(text) : undefined;
    return { invocation: named ?? askFor(reading) };
  }
  const faqFirst = { invocation: askFor(reading), offer: calc };
  if (why || HOW_OR_WHETHER.test(text) || IN_GENERAL.test(text)) return faqFirst;
  const top = reading.outcome.band === 'answer' ? reading.outcome.hits[0]?.entry : undefined;
  return top && top.command !== `/ecs-${calc.command}` ? faqFirst : { invocation: calc };
}

/** Reads and routes a standalone message (no thread): what `ask --json` reports as its route. */
export function routeMessage(text: string, search: SearchEngine, kb?: KnowledgeBase, opts: RouteOptions = { infrastructureAllowed: true }): Route {
  return decideRoute(readMessage(text, search), kb, opts);
}
