import { performance } from 'node:perf_hooks';
import { createInterface, type Interface } from 'node:readline';
import { answerMessage, HELP_MESSAGE, memoryThreads, overviewReply } from '../app/chat.js';
import { consoleStrings as S } from '../i18n/console.js';
import { detectLang, fill, isLang, type Lang } from '../i18n/lang.js';
import { entryPicks, renderText } from '../render/text.js';
import { entryAnswerDoc } from '../render/ask.js';
import type { Services } from '../commands/types.js';
import { recordQuestion } from '../app/record.js';
import type { Recorder } from '../store/recorder.js';
import { beforeSearchWait } from '../app/make-services.js';
import { consoleStyle, wantsColour, type ConsoleStyle } from './console-style.js';
import { HISTORY_SIZE, historyPath, loadHistory, looksSecret, saveHistory } from './console-history.js';

/** "show eni-what-is-eni", or the CLI's own "ecs-netbot kb show eni-what-is-eni" pasted from a reply. */
const SHOW = /^(?:ecs-netbot\s+kb\s+)?show\s+([a-z0-9-]+)(?:\s+--lang\s+(zh|en))?$/i;

/** A second Ctrl-C this soon after the first quits even with something typed in between. */
const QUIT_WINDOW_MS = 2000;

/**
 * On a terminal, Ctrl-C drops the line typed so far and says how to quit; a second one on an empty line (or
 * within QUIT_WINDOW_MS) quits, as Node's REPL does. Ctrl-D on an empty line quits (readline's own close).
 * Entering a line disarms it (`disarm`, called by the loop).
 */
function quitOnSecondCtrlC(rl: Interface, output: NodeJS.WritableStream, hint: () => string): { disarm(): void } {
  let armedAt: number | undefined;
  rl.on('SIGINT', () => {
    const now = Date.now();
    if (armedAt !== undefined && (rl.line === '' || now - armedAt < QUIT_WINDOW_MS)) {
      output.write('^C\n');
      rl.close();
      return;
    }
    armedAt = now;
    const typed = rl.line !== '';
    if (typed) rl.write(null, { ctrl: true, name: 'e' }); // to the end of the line, so that "^C" follows what was typed
    output.write(`^C\n${hint()}\n`);
    // The line dropped (which shows the prompt again on the next line), or just the prompt again.
    if (typed) rl.write(null, { ctrl: true, name: 'u' });
    else rl.prompt();
  });
  return { disarm: () => (armedAt = undefined) };
}

/**
 * History across sessions (see console-history.ts): a line that looks like a secret is dropped from this
 * session's history too, the moment it is entered; a file that cannot be written is said once (`note`).
 */
function keepHistory(rl: Interface, path: string, note: (text: string) => void): void {
  let told = false;
  rl.on('history', (history) => {
    for (let i = history.length - 1; i >= 0; i--) if (looksSecret(history[i]!)) history.splice(i, 1);
    if (!saveHistory(path, history) && !told) {
      told = true;
      note(path);
    }
  });
}

/**
 * The local console: type a question or a slash command and read the answer. Interactive on a terminal
 * (colours unless NO_COLOR, history kept across sessions, Ctrl-C clears the line); with stdin not a terminal
 * it answers each line and exits at EOF. Lines are one conversation: a follow-up ("要停机吗", "windows上呢")
 * is read with the topic before it; `new` starts afresh. Numbers pick an entry the last reply offered.
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
  const style: ConsoleStyle = consoleStyle(wantsColour(output, env));
  const history = interactive ? historyPath(env) : undefined;
  const rl = createInterface({
    input,
    output: interactive ? output : undefined,
    terminal: interactive,
    crlfDelay: Infinity,
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
    ...(history ? { history: loadHistory(history) } : {}),
  });
  const threads = memoryThreads();
  let topic = 0;
  let picks: string[] = [];
  // The language of the last question: picks and `show` answer in it.
  let lastLang: Lang = lang;
  // Said before the next answer (not in the middle of readline redrawing the line just entered).
  let pendingNote = '';
  const write = (text: string) => {
    output.write(pendingNote + text + '\n\n');
    pendingNote = '';
  };
  const showEntry = (id: string, inLang: Lang) => {
    const entry = services.kb.byId.get(id);
    if (!entry) return write(fill(S.unknownEntry[inLang], { id }));
    const doc = entryAnswerDoc(entry, inLang);
    picks = entryPicks(doc);
    write(renderText(doc, inLang, { picks: true, style: style.text }));
  };
  const ctrlC = interactive ? quitOnSecondCtrlC(rl, output, () => style.note(S.interrupted[lastLang])) : undefined;
  if (history) keepHistory(rl, history, (path) => (pendingNote += style.note(fill(S.historyUnsaved[lastLang], { path })) + '\n'));
  // The first question that needs the search index waits for it to load (or be built): said once, before.
  const stopLoadingNote = interactive ? beforeSearchWait(services, () => output.write(style.note(S.loading[lastLang]) + '\n')) : undefined;
  if (interactive) {
    output.write(style.text.heading(S.banner[lang]) + '\n');
    rl.setPrompt(style.prompt('ecs-netbot> '));
    rl.prompt();
  }
  try {
    for await (const raw of rl) {
      ctrlC?.disarm();
      const line = raw.trim();
      if (line === 'exit' || line === 'quit') break;
      const show = SHOW.exec(line);
      if (!line) {
        // nothing typed
      } else if (HELP_MESSAGE.test(line)) {
        const helpLang = detectLang(line) === 'zh' ? 'zh' : lastLang;
        write(renderText(overviewReply(helpLang, S.helpConsole[helpLang]).doc, undefined, { style: style.text }));
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
        write(renderText(reply.doc, reply.lang, { picks: true, style: reply.kind === 'error' ? style.error : style.text }));
        // Recorded like a Slack question (after the answer is written), the console's user counted as one;
        // a typed slash command is recorded only for /ecs-ask, as in Slack.
        if (recorder && (!line.startsWith('/') || route.invocation.command === 'ask')) {
          recordQuestion(recorder, { text: line, reply, route, latencyMs: performance.now() - started, channelKind: 'console', user: 'console' });
        }
      }
      if (interactive) rl.prompt();
    }
  } finally {
    stopLoadingNote?.();
    rl.close();
  }
}
