import type { Services } from '../commands/types.js';
import { commonStrings as C } from '../i18n/common.js';
import { detectLang, fill, isLang, type Lang } from '../i18n/lang.js';
import { withOffer, withRelated } from '../render/offer.js';
import type { Topic } from '../search/followup.js';
import { TtlCache } from '../util/ttl-cache.js';
import { dispatch, errorReply, overviewDoc, type Reply } from './dispatch.js';
import { renderText } from '../render/text.js';
import { parseCommandLine } from './route.js';
import { decideRoute, readMessage, topicAfter, type MessageReading, type Route } from './routing.js';

/** Where a conversation's topic is kept between turns (memory for the console and the CLI; the store in Slack). */
export interface ThreadMemory {
  get(key: string): Promise<Topic | undefined>;
  keep(key: string, topic: Topic): void;
}

/** A day-long memory of topics in this process: the console's session, `ask --batch` threads. */
export function memoryThreads(now: () => number = Date.now): ThreadMemory {
  const topics = new TtlCache<Topic>(24 * 3600_000, 10_000, now);
  return {
    get: async (key) => topics.get(key),
    keep: (key, topic) => topics.set(key, topic),
  };
}

/** The conversation a message belongs to: where its topic is read from, and the keys it is kept under. */
export interface ThreadRef {
  memory: ThreadMemory;
  key: string;
  /** Further keys the new topic is kept under (a DM's message opens a thread of its own as well). */
  alsoKeep?: string[];
}

export interface ChatOptions {
  defaultLang: Lang;
  remote?: boolean;
  infrastructureAllowed?: boolean;
  thread?: ThreadRef;
}

/** Chat speaks slash commands, in Slack and in the console alike. */
const surface = 'chat' as const;

/** Asking what the bot can do: the command overview, in chat's syntax. */
export const HELP_MESSAGE = /^(?:help|\?|？|commands|命令|帮助|菜单|menu|what can you do\??|你能做什么[?？]?|你会什么[?？]?|怎么用[?？]?|usage)$/i;

/** A greeting alone ("hi", "你好", "在吗"). */
const GREETING = /^(?:hi|hello|hey|yo|hiya|morning|你好|您好|嗨|哈喽|hello\s+bot|hi\s+bot|在吗|在不在)[\s,，!！.。~～?？]*$/iu;

/** Thanks and acknowledgements: the whole message says only that ("thanks!", "ok 👍", "好的 谢谢"). */
const ACK_WORD = String.raw`(?:ok(?:ay)?|kk?|thx|thanks?(?: you)?(?: (?:so|very) much)?|ty|tks|cheers|got it|cool|great|nice|perfect|that works|awesome|👍|🙏|好的?|好滴|好嘞|嗯+|收到|谢谢(?:了|啦|你)?|多谢|感谢|明白了?|了解了?|懂了|知道了|可以了|行了?)`;
export const ACK_MESSAGE = new RegExp(String.raw`^${ACK_WORD}(?:[\s,，!！.。~～]*${ACK_WORD})*[\s,，!！.。~～]*$`, 'iu');

/** The reply to a thanks: in the message's language, else the conversation's, else the default. */
function acknowledgement(message: string, topic: Topic | undefined, lang: Lang | undefined, defaultLang: Lang): Reply {
  // "ok" and "👍" say nothing of a language: the conversation's, else the default.
  const neutral = detectLang(message) === 'en' && (!/[a-z]{2}/i.test(message) || /^ok/i.test(message));
  const chosen = lang ?? (!neutral ? detectLang(message) : topic ? detectLang(topic.text) : defaultLang);
  const thanks = /thank|thx|\bty\b|tks|cheers|🙏|谢|感谢/i.test(message);
  const doc = { blocks: [{ type: 'text' as const, text: (thanks ? C.thanked : C.acknowledged)[chosen] }] };
  return { kind: 'help', command: null, lang: chosen, json: { help: renderText(doc) }, doc };
}

/** The overview as a reply (extra lines: what only this surface offers, e.g. the console's picks). */
export function overviewReply(lang: Lang, extra: readonly string[] = []): Reply {
  const doc = overviewDoc(lang, surface, extra);
  return { kind: 'help', command: null, lang, json: { help: renderText(doc) }, doc };
}

/** "--lang zh" typed in a chat message: the language of the answer, taken out of the question. */
const LANG_OPTION = /(?:^|\s)--lang(?:=|\s+)(\S*)/;
/** "--json" typed in chat: a command-line option, dropped with a note. */
const JSON_OPTION = /(?:^|\s)--json(?=\s|$)/;

/**
 * Answers a message typed in chat (a Slack mention or DM, a console line): reads it once, in its thread,
 * routes it, runs what the route chose and, when the route offers the other side, adds it to the reply.
 * Never throws for user input.
 */
export async function answerMessage(text: string, services: Services, opts: ChatOptions): Promise<{ reply: Reply; route: Route; reading?: MessageReading }> {
  let message = text.trim();
  let lang: Lang | undefined;
  const langOption = LANG_OPTION.exec(message);
  if (langOption) {
    if (!isLang(langOption[1])) {
      const reply = errorReply(null, opts.defaultLang, { code: 'bad_lang', message: fill(C.badLang[opts.defaultLang], { value: langOption[1] ?? '' }) }, surface);
      return { reply, route: { invocation: { command: 'ask', tokens: [message] } } };
    }
    lang = langOption[1];
    message = message.replace(LANG_OPTION, ' ').trim();
  }
  const jsonDropped = JSON_OPTION.test(message);
  if (jsonDropped) message = message.replace(JSON_OPTION, ' ').trim();
  const invocationBase = { defaultLang: opts.defaultLang, ...(lang ? { lang } : {}), remote: opts.remote === true, infrastructureAllowed: opts.infrastructureAllowed === true, surface };

  if (HELP_MESSAGE.test(message)) return { reply: overviewReply(lang ?? opts.defaultLang), route: { invocation: { command: 'help', tokens: [] } } };
  // "hi", "你好", "在吗": what the bot can do, in the greeting's language.
  if (GREETING.test(message)) return { reply: overviewReply(lang ?? detectLang(message)), route: { invocation: { command: 'help', tokens: [] } } };
  // A typed command ("/ecs-bw 5", or "bw 5" as at the terminal) is itself: no thread reading, no search.
  const slash = parseCommandLine(message);
  if (slash) {
    const reply = await dispatch({ ...slash, ...invocationBase }, services);
    return { reply: jsonDropped ? withNote(reply, C.jsonInChat[reply.lang]) : reply, route: { invocation: slash } };
  }
  const topic = opts.thread ? await opts.thread.memory.get(opts.thread.key) : undefined;
  // "thanks", "好的": said back in kind; the thread's topic stays for the next follow-up.
  if (ACK_MESSAGE.test(message)) return { reply: acknowledgement(message, topic, lang, opts.defaultLang), route: { invocation: { command: 'help', tokens: [] } } };
  const reading = readMessage(message, services.search, topic);
  const route = decideRoute(reading, services.kb, { infrastructureAllowed: opts.remote !== true || opts.infrastructureAllowed === true });
  let reply = await dispatch({ ...route.invocation, ...invocationBase }, services);
  // A question naming an instance whose facts cannot be read (no region or credentials, the API down) still
  // gets the guide's answer, with why the instance itself was not judged.
  if (reply.kind === 'error' && route.fallback && reading.instanceId) {
    const reason = reply.error.message.split('\n')[0]!.replace(/[。.]$/, '');
    const faq = await dispatch({ ...route.fallback, ...invocationBase }, services);
    reply = withNote(faq, fill(C.liveFactsFailed[faq.lang], { instance: reading.instanceId, reason }));
  }
  if (opts.thread) {
    const next = topicAfter(reading);
    for (const key of [opts.thread.key, ...(opts.thread.alsoKeep ?? [])]) opts.thread.memory.keep(key, next);
  }
  if (reply.kind === 'result') {
    if (route.offer) reply = { ...reply, doc: withOffer(reply.doc, route.offer, reply.lang) };
    const related = route.related ? services.kb.byId.get(route.related) : undefined;
    if (related) reply = { ...reply, doc: withRelated(reply.doc, related, reply.lang) };
    if (route.liveFactsHint && reading.instanceId) reply = withNote(reply, fill(C.liveFactsHint[reply.lang], { instance: reading.instanceId }));
  }
  if (jsonDropped) reply = withNote(reply, C.jsonInChat[reply.lang]);
  return { reply, route, reading };
}

/** The reply with a context line after its blocks. */
function withNote(reply: Reply, note: string): Reply {
  return { ...reply, doc: { ...reply.doc, blocks: [...reply.doc.blocks, { type: 'context', text: note }] } } as Reply;
}
