import { parseAsk, runAsk, type AskArgs, type AskResult } from '../../commands/ask.js';
import { askStrings } from '../../i18n/ask.js';
import { askDoc, askJson } from '../../render/ask.js';
import type { CommandDef } from '../command-def.js';
import { decideRoute, readMessage, type Route } from '../routing.js';

/** A route as `ask --json` reports it. */
export const routeField = ({ invocation, offer, related }: Route) => ({
  command: invocation.command,
  tokens: invocation.tokens,
  ...(offer ? { offer: { command: offer.command, tokens: offer.tokens } } : {}),
  ...(related ? { related } : {}),
});

export const askDef: CommandDef<AskArgs, AskResult> = {
  name: 'ask',
  strings: askStrings,
  parse: parseAsk,
  replyLang: (args) => args.lang,
  // The answer, and what chat would do with the same text (so `ask --json` and Slack/console agree). The
  // conversation's reading, when it brings one, is used as it is: read and searched once.
  run: async (args, services) => {
    if (args.reading || args.batch) {
      const result = await runAsk(args, services);
      return args.reading?.route ? { ...result, route: args.reading.route } : result;
    }
    const reading = readMessage(args.question, services.search);
    const route = decideRoute(reading, services.kb, { infrastructureAllowed: true });
    const result = await runAsk({ ...args, reading: { text: reading.thread.text, frame: reading.thread.frame, outcome: reading.outcome } }, services);
    return { ...result, route: routeField(route) };
  },
  json: askJson,
  doc: askDoc,
};
