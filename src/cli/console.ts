import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { answerMessage, HELP_MESSAGE, memoryThreads, overviewReply } from '../app/chat.js';
import { consoleStrings as S } from '../i18n/console.js';
import { detectLang, fill, isLang, type Lang } from '../i18n/lang.js';
import { entryPicks, renderText } from '../render/text.js';
import { entryAnswerDoc } from '../render/ask.js';
import type { Services } from '../commands/types.js';
import { recordQuestion } from '../app/record.js';
import type { Recorder } from '../store/recorder.js';

/** "show eni-what-is-eni", or the CLI's own "ecs-netbot kb show eni-what-is-eni" pasted from a reply. */
const SHOW = /^(?:ecs-netbot\s+kb\s+)?show\s+([a-z0-9-]+)(?:\s+--lang\s+(zh|en))?$/i;

/**
 * The local console: type a question or a slash command and read the answer. Interactive on a terminal;
 * with stdin not a terminal it answers each line and exits at EOF. Lines are one conversation: a follow-up
 * ("要停机吗", "windows上呢") is read with the topic before it; `new` starts afresh. Numbers pick an entry
 * the last reply offered.
 */
export async function runConsole(
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
  services?: Services,
  recorder?: Recorder,
): Promise<void> {
  // Loaded only without services given: `npm start` passes its own (the validating loader is not needed then).
  services ??= (await import('../app/services.js')).createServices(env);
  const lang: Lang = isLang(env.NETBOT_LANG) ? env.NETBOT_LANG : 'en';
  const interactive = Boolean((input as { isTTY?: boolean }).isTTY);
  const rl = createInterface({ input, output: interactive ? output : undefined, terminal: interactive, crlfDelay: Infinity });
  const threads = memoryThreads();
  let topic = 0;
  let picks: string[] = [];
  // The language of the last question: picks and `show` answer in it.
  let lastLang: Lang = lang;
  const write = (text: string) => output.write(text + '\n\n');
  const showEntry = (id: string, inLang: Lang) => {
    const entry = services.kb.byId.get(id);
    if (!entry) return write(fill(S.unknownEntry[inLang], { id }));
    const doc = entryAnswerDoc(entry, inLang);
    picks = entryPicks(doc);
    write(renderText(doc, inLang, { picks: true }));
  };
  if (interactive) {
    output.write(S.banner[lang] + '\n');
    rl.setPrompt('ecs-netbot> ');
    rl.prompt();
  }
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === 'exit' || line === 'quit') break;
    const show = SHOW.exec(line);
    if (!line) {
      // nothing typed
    } else if (HELP_MESSAGE.test(line)) {
      const helpLang = detectLang(line) === 'zh' ? 'zh' : lastLang;
      write(renderText(overviewReply(helpLang, S.helpConsole[helpLang]).doc));
    } else if (/^\d{1,2}$/.test(line)) {
      const n = Number(line);
      if (!picks.length) write(S.noPicks[lastLang]);
      else if (n < 1 || n > picks.length) write(fill(S.noPick[lastLang], { n, range: picks.length === 1 ? '1' : `1–${picks.length}` }));
      else showEntry(picks[n - 1]!, lastLang);
    } else if (show) {
      showEntry(show[1]!.toLowerCase(), (show[2] as Lang | undefined) ?? lastLang);
    } else if (/^(?:new|新话题|重新开始)$/i.test(line)) {
      topic++;
      write(S.newTopic[lastLang]);
    } else {
      // Like Slack: a line with Chinese in it is answered in Chinese, others in the configured language.
      lastLang = detectLang(line) === 'zh' ? 'zh' : lang;
      const started = performance.now();
      const { reply, route } = await answerMessage(line, services, { defaultLang: lastLang, thread: { memory: threads, key: `console:${topic}` } });
      lastLang = reply.lang;
      picks = entryPicks(reply.doc);
      write(renderText(reply.doc, reply.lang, { picks: true }));
      // Recorded like a Slack question (after the answer is written), the console's user counted as one;
      // a typed slash command is recorded only for /ecs-ask, as in Slack.
      if (recorder && (!line.startsWith('/') || route.invocation.command === 'ask')) {
        recordQuestion(recorder, { text: line, reply, route, latencyMs: performance.now() - started, channelKind: 'console', user: 'console' });
      }
    }
    if (interactive) rl.prompt();
  }
  rl.close();
}
