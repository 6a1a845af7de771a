import { parseAsk, runAsk, type AskArgs, type AskResult } from '../../commands/ask.js';
import { askStrings } from '../../i18n/ask.js';
import { askDoc, askJson } from '../../render/ask.js';
import type { CommandDef } from '../command-def.js';
import { routeMessage } from '../routing.js';

export const askDef: CommandDef<AskArgs, AskResult> = {
  name: 'ask',
  strings: askStrings,
  parse: parseAsk,
  replyLang: (args) => args.lang,
  // The answer, and what chat would do with the same text (so `ask --json` and Slack/console agree).
  run: async (args, services) => {
    const result = await runAsk(args, services);
    if (args.batch) return result;
    const { invocation, offer, related } = routeMessage(args.question, services.search, services.kb);
    return { ...result, route: { command: invocation.command, tokens: invocation.tokens, ...(offer ? { offer } : {}), ...(related ? { related } : {}) } };
  },
  json: askJson,
  doc: askDoc,
};
