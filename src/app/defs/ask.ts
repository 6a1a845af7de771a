import { parseAsk, runAsk, type AskArgs, type AskResult } from '../../commands/ask.js';
import { askStrings } from '../../i18n/ask.js';
import { askDoc, askJson } from '../../render/ask.js';
import type { CommandDef } from '../command-def.js';

export const askDef: CommandDef<AskArgs, AskResult> = {
  name: 'ask',
  strings: askStrings,
  parse: parseAsk,
  replyLang: (args) => args.lang,
  run: runAsk,
  json: askJson,
  doc: askDoc,
};
