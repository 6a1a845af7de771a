import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { answerMessage } from '../app/chat.js';
import { createServices } from '../app/services.js';
import { consoleStrings as S } from '../i18n/console.js';
import { detectLang, isLang, type Lang } from '../i18n/lang.js';
import { renderText } from '../render/text.js';
import type { Services } from '../commands/types.js';
import { recordQuestion } from '../app/record.js';
import type { Recorder } from '../store/recorder.js';

/**
 * The local console: type a question or a slash command and read the answer. Interactive on a terminal;
 * with stdin not a terminal it answers each line and exits at EOF.
 */
export async function runConsole(
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
  services: Services = createServices(env),
  recorder?: Recorder,
): Promise<void> {
  const lang: Lang = isLang(env.NETBOT_LANG) ? env.NETBOT_LANG : 'en';
  const interactive = Boolean((input as { isTTY?: boolean }).isTTY);
  const rl = createInterface({ input, output: interactive ? output : undefined, terminal: interactive, crlfDelay: Infinity });
  if (interactive) {
    output.write(S.banner[lang] + '\n');
    rl.setPrompt('ecs-netbot> ');
    rl.prompt();
  }
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === 'exit' || line === 'quit') break;
    if (line) {
      // Like Slack: a line with Chinese in it is answered in Chinese, others in the configured language.
      const started = performance.now();
      const { reply, route } = await answerMessage(line, services, { defaultLang: detectLang(line) === 'zh' ? 'zh' : lang });
      output.write(renderText(reply.doc, reply.lang) + '\n\n');
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
