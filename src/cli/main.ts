import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { packageRoot } from '../knowledge/paths.js';
import { dispatch, errorReply, overviewDoc, takeLangOption, type Reply } from '../app/dispatch.js';
import { cliServices } from './services.js';
import { loadDotEnv } from '../app/env-file.js';
import { commonStrings as C } from '../i18n/common.js';
import { fill, isLang, type Lang } from '../i18n/lang.js';
import { KnowledgeError } from '../knowledge/errors.js';
import { neutralJson } from '../util/neutralize.js';
import { renderText } from '../render/text.js';
import type { Services } from '../commands/types.js';
import { exitCodeOf, exitQuietlyWhenStdoutCloses, exitWhenDone, formatReply } from './output.js';

function defaultLang(env: NodeJS.ProcessEnv): Lang {
  return isLang(env.NETBOT_LANG) ? env.NETBOT_LANG : 'en';
}

async function* stdinLines(): AsyncGenerator<string> {
  // node:readline for --batch only: a single call does not load it (issue #18).
  const { createInterface } = createRequire(import.meta.url)('node:readline') as typeof import('node:readline');
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) yield line;
}

/** A batch line that is a JSON object: `{"thread": "t1", "q": "…"}` (lines of one thread are one conversation). */
function threadLine(line: string, lang: Lang): { thread: string; q: string } | { error: Reply } | undefined {
  if (!line.trimStart().startsWith('{')) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    data = undefined;
  }
  const { thread, q } = (data ?? {}) as { thread?: unknown; q?: unknown };
  if (typeof q !== 'string' || !q.trim() || (thread !== undefined && (typeof thread !== 'string' || thread.length > 200))) {
    return { error: errorReply('ask', lang, { code: 'bad_batch_line', message: C.badBatchLine[lang] }) };
  }
  return { thread: typeof thread === 'string' ? thread : '', q };
}

/**
 * `ask --batch`: one question per stdin line, one reply per output line, in order. A plain line is a
 * standalone question; a JSON line `{"thread": "t1", "q": "…"}` is read with that thread's earlier lines.
 */
async function runBatch(tokens: string[], json: boolean, lang: Lang, services: Services): Promise<number> {
  let worst = 0;
  // Loaded here: the other commands' fast path does not need the conversation's modules.
  const [{ memoryThreads }, { routeField }, { decideRoute, readMessage, topicAfter }] = await Promise.all([
    import('../app/chat.js'),
    import('../app/defs/ask.js'),
    import('../app/routing.js'),
  ]);
  const threads = memoryThreads();
  const flags = tokens.filter((t) => t !== '--batch');
  for await (const line of stdinLines()) {
    if (!line.trim()) continue;
    const item = threadLine(line, lang);
    let reply: Reply;
    if (item && 'error' in item) reply = item.error;
    else if (item && item.thread) {
      const reading = readMessage(item.q, services.search, await threads.get(item.thread));
      const route = decideRoute(reading, services.kb, { infrastructureAllowed: true });
      threads.keep(item.thread, topicAfter(reading));
      const { thread } = reading;
      reply = await dispatch(
        { command: 'ask', tokens: [item.q, ...flags], defaultLang: lang, reading: { text: thread.text, frame: thread.frame, ...(thread.readAs ? { readAs: thread.readAs } : {}), outcome: reading.outcome, route: routeField(route) } },
        services,
      );
    } else reply = await dispatch({ command: 'ask', tokens: [item?.q ?? line, ...flags], defaultLang: lang }, services);
    // JSON: one object per line; text: a blank line between answers.
    process.stdout.write(formatReply(reply, json) + (json ? '\n' : '\n\n'));
    worst = Math.max(worst, exitCodeOf(reply));
  }
  return worst;
}

/** `--lang zh` may come before the command (`ecs-netbot --lang zh bw 5`): it is moved after it. */
function commandAndTokens(args: readonly string[]): { command: string | undefined; tokens: string[] } {
  let i = 0;
  while (args[i] === '--lang' || args[i]?.startsWith('--lang=')) i += args[i] === '--lang' ? 2 : 1;
  const [command, ...tokens] = args.slice(i);
  return { command, tokens: [...tokens, ...args.slice(0, Math.min(i, args.length))] };
}

export async function main(argv: string[]): Promise<number> {
  // The same .env as `npm start` reads (report, instance and ptr read their store and credentials from it).
  const envFileProblem = loadDotEnv(process.env);
  if (envFileProblem) {
    process.stderr.write(`ecs-netbot: ${envFileProblem}\n`);
    return 1;
  }
  const json = argv.includes('--json');
  const { command, tokens } = commandAndTokens(argv.filter((a) => a !== '--json'));
  const langOption = takeLangOption(tokens);
  const lang = langOption.lang ?? defaultLang(process.env);
  const print = (reply: Reply) => {
    process.stdout.write(formatReply(reply, json) + '\n');
    return exitCodeOf(reply);
  };

  // A command says a bad --lang itself (dispatch); without one, say it here rather than ignore it.
  if ((!command || command === 'help') && langOption.bad !== undefined) {
    return print(errorReply(null, lang, { code: 'bad_lang', message: fill(C.badLang[lang], { value: langOption.bad }) }));
  }
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write((json ? neutralJson({ help: renderText(overviewDoc(lang)) }) : renderText(overviewDoc(lang))) + '\n');
    return command ? 0 : 2;
  }
  if (command === '--version') {
    const { version } = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
    process.stdout.write(`ecs-netbot ${version}\n`);
    return 0;
  }

  let services: Services;
  try {
    // kb validates everything (its job); other commands load only what they need (see cli/services.ts).
    if (command === 'kb') return (await import('./kb.js')).runKb(tokens, json, lang);
    if (command === 'report') {
      const { storeFromEnv } = await import('../store/open.js');
      return (await import('./report.js')).runReport(tokens, json, lang, process.env, storeFromEnv);
    }
    services = await cliServices(process.env, command === 'ask');
  } catch (error) {
    if (error instanceof KnowledgeError) {
      process.stderr.write(error.message + '\n');
      return 1;
    }
    throw error;
  }

  if (command === 'ask' && tokens.includes('--batch')) {
    const check = await dispatch({ command: 'ask', tokens, defaultLang: lang }, services);
    if (check.kind === 'error') return print(check);
    return runBatch(tokens, json, lang, services);
  }
  return print(await dispatch({ command, tokens, defaultLang: lang }, services));
}

exitQuietlyWhenStdoutCloses();
main(process.argv.slice(2)).then(
  (code) => exitWhenDone(code),
  (error: unknown) => {
    // Never a stack trace for users; the details go to stderr only when debugging.
    if (process.env.NETBOT_DEBUG) console.error(error);
    const reply = errorReply(null, defaultLang(process.env), { code: 'internal', message: fill(C.internal[defaultLang(process.env)]) });
    process.stdout.write(formatReply(reply, process.argv.includes('--json')) + '\n');
    process.exitCode = 1;
  },
);
