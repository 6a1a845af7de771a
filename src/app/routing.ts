import { isValidInstanceId, isValidRegionId } from '../cloud/validate.js';
import { matchRunbook } from '../commands/runbook-match.js';
import type { KnowledgeBase } from '../knowledge/load.js';
import type { SearchEngine } from '../search/engine.js';
import type { Invocation } from './dispatch.js';
import { calculatorFor, isExplicitCalculation } from './intent.js';
import { parseSlash } from './route.js';

/** What a chat message runs, and the other side offered next to it (a calculator beside an FAQ answer). */
export interface Route {
  invocation: Invocation;
  offer?: Invocation;
  /** A knowledge entry offered next to a runbook: the FAQ's confident answer to the same text. */
  related?: string;
}

/** Asks for a reason or an explanation: the FAQ answers these even when a figure is given. */
const WHY = /为什么|为啥|为何|咋回事|怎么回事|怎么会|什么原因|原因|\bwhy\b|how come/i;
/** Asks how, or whether: the FAQ replies to these unless the message names a computation (split, hosts, age). */
const HOW_OR_WHETHER =
  /怎么|怎样|如何|咋|要不要|需不需要|需要|会不会|是否|能不能|可不可以|可以|行不行|吗|么[?？]?$|\bhow\b|\bshould\b|\bdo(?:es)? (?:i|it|we)\b|\bwill\b|\bcan (?:i|we|it)\b|\bis (?:it|there)\b|\bneed\b/i;

const askFor = (text: string): Invocation => ({ command: 'ask', tokens: [text] });

/**
 * A described symptom ("我的网站外网访问不了", "mail to gmail bounces, no PTR") → its runbook, with the
 * instance id and region the message names. The FAQ's answer, when it is confident, is offered next to the
 * runbook: on symptoms the search is confidently wrong too often (the dev sets) to go first, and the runbook
 * walks the same facts.
 */
function symptomRoute(text: string, search: Pick<SearchEngine, 'search'>, kb: KnowledgeBase): Route | undefined {
  const match = matchRunbook(text, kb);
  if (!match) return undefined;
  const words = text.split(/[\s,，。;；:：()（）]+/).filter(Boolean);
  const instance = words.find((w) => isValidInstanceId(w));
  // A region id in chat: one of Alibaba Cloud's area prefixes, so that words like "ip-address" are not taken for one.
  const region = words.find((w) => /^(?:cn|ap|us|eu|me|ru|sa|na)-/.test(w) && isValidRegionId(w));
  const triage = { command: 'triage', tokens: [match.runbook.id, ...(instance ? [instance] : []), ...(instance && region ? ['--region', region] : [])] };
  const faq = search.search(text, 1);
  const related = faq.band === 'answer' ? faq.hits[0]?.entry.id : undefined;
  return { invocation: triage, ...(related ? { related } : {}) };
}

/**
 * Decides who answers a chat message, seeing both sides: the calculator signal (a figure or an address
 * with its topic word) and the search outcome (band, top entry, that entry's own `command`, question words).
 * - No calculator signal: the FAQ.
 * - An explicit computation (a split, a host count, an instance's age) that is not a "why": the calculator.
 * - A why/how/whether question ("为什么有200Kbps入网流量", "升到10M要重启吗"): the FAQ's reply (an answer, or an
 *   honest "did you mean" or decline), with the calculation offered next to it.
 * - A confident entry that does not point to this calculator: the FAQ answer, calculation offered.
 * - Otherwise, a plain calculation ("5M带宽入网多少", "PTR of 1.2.3.4"): the calculator.
 * - A described symptom (with `kb`): its runbook (`triage`), the FAQ's confident answer offered next to it.
 *   An explicit computation comes first.
 * `ask --json` reports the same decision (its `route` field), so every front end agrees.
 */
export function routeMessage(text: string, search: Pick<SearchEngine, 'search'>, kb?: KnowledgeBase): Route {
  const trimmed = text.trim();
  const slash = parseSlash(trimmed);
  if (slash) return { invocation: slash };
  const calc = calculatorFor(trimmed);
  const why = WHY.test(trimmed);
  if (calc && isExplicitCalculation(calc) && !why) return { invocation: calc };
  const symptom = kb ? symptomRoute(trimmed, search, kb) : undefined;
  if (symptom) return symptom;
  if (!calc) return { invocation: askFor(trimmed) };
  const faqFirst = { invocation: askFor(trimmed), offer: calc };
  if (why || HOW_OR_WHETHER.test(trimmed)) return faqFirst;
  const outcome = search.search(trimmed, 1);
  const top = outcome.band === 'answer' ? outcome.hits[0]?.entry : undefined;
  return top && top.command !== `/ecs-${calc.command}` ? faqFirst : { invocation: calc };
}
