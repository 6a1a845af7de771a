import { parseAsk, runAsk } from '../commands/ask.js';
import type { ParseContext, Parsed, Services } from '../commands/types.js';
import type { Bilingual, Lang } from '../i18n/lang.js';
import { askStrings } from '../i18n/ask.js';
import { askDoc, askJson } from '../render/ask.js';
import type { Doc } from '../render/doc.js';

/** How a front end invokes a command: parse text/flags, run, render. Wiring only; no logic of its own. */
export interface CommandDef<A = any, R = any> {
  name: string;
  strings: { summary: Bilingual; usage: Bilingual; examples: Record<Lang, readonly string[]> };
  parse(tokens: readonly string[], ctx: ParseContext): Parsed<A>;
  /** The language the reply should be in (ask detects it from the question). */
  replyLang?(args: A): Lang;
  run(args: A, services: Services): Promise<R>;
  json(result: R): unknown;
  doc(result: R): Doc;
  /** A result is "bad" when the CLI should exit non-zero although the input was fine (none yet). */
}

export const askCommand: CommandDef = {
  name: 'ask',
  strings: askStrings,
  parse: parseAsk,
  replyLang: (args) => args.lang,
  run: runAsk,
  json: askJson,
  doc: askDoc,
};

export const COMMANDS: readonly CommandDef[] = [askCommand];

export function findCommand(name: string): CommandDef | undefined {
  return COMMANDS.find((c) => c.name === name);
}
