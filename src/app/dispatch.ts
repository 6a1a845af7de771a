import Fuse from 'fuse.js';
import { commonStrings as C } from '../i18n/common.js';
import { kbStrings } from '../i18n/kb.js';
import { reportStrings } from '../i18n/report.js';
import { fill, isLang, type Lang } from '../i18n/lang.js';
import type { Doc } from '../render/doc.js';
import { renderText } from '../render/text.js';
import { CommandFailure, type Failure, type Services } from '../commands/types.js';
import type { CommandDef } from './command-def.js';
import { COMMANDS, findCommand } from './registry.js';

export type Reply =
  | { kind: 'result'; command: string; lang: Lang; json: unknown; doc: Doc; result: unknown }
  | { kind: 'help'; command: string | null; lang: Lang; json: { help: string }; doc: Doc }
  | { kind: 'error'; command: string | null; lang: Lang; json: { error: Failure }; doc: Doc; error: Failure };

export interface Invocation {
  command: string;
  tokens: readonly string[];
  /** Language chosen by the caller (e.g. --lang); when absent, the default applies and ask auto-detects. */
  lang?: Lang;
  defaultLang?: Lang;
  /** Typed by a chat user (Slack), not at the operator's terminal: see ParseContext.remote. */
  remote?: boolean;
  /** For a remote caller: whether it may read live infrastructure data (NETBOT_TRIAGE_ALLOW). Default no. */
  infrastructureAllowed?: boolean;
}

const HELP_WORDS = new Set(['help', '--help', '-h', '帮助', '?']);

/** Did-you-mean over command names: fuse.js is at its best on short strings like these. */
const commandFuse = new Fuse(COMMANDS.map((c) => c.name), { threshold: 0.5 });

export function suggestCommand(name: string): string | undefined {
  return commandFuse.search(name)[0]?.item;
}

export function errorReply(command: string | null, lang: Lang, error: Failure): Reply {
  const blocks: Doc['blocks'] = [{ type: 'text', text: error.message }];
  if (command) blocks.push({ type: 'context', text: fill(C.helpHint[lang], { command }) });
  return { kind: 'error', command, lang, json: { error }, doc: { blocks }, error };
}

export function helpDoc(def: CommandDef<any, any>, lang: Lang): Doc {
  return {
    blocks: [
      { type: 'header', text: `${def.name}: ${def.strings.summary[lang]}` },
      { type: 'text', text: `${C.usage[lang]}:` },
      { type: 'code', text: def.strings.usage[lang] },
      { type: 'text', text: `${C.examples[lang]}:` },
      { type: 'code', text: def.strings.examples[lang].join('\n') },
    ],
  };
}

export function overviewDoc(lang: Lang): Doc {
  return {
    blocks: [
      { type: 'header', text: 'ecs-netbot' },
      { type: 'list', items: [...COMMANDS.map((c) => `${c.name}: ${c.strings.summary[lang]}`), `kb: ${kbStrings.summary[lang]}`, `report: ${reportStrings.summary[lang]}`] },
      { type: 'text', text: `${C.examples[lang]}:` },
      { type: 'code', text: COMMANDS.map((c) => c.strings.examples[lang][0]).join('\n') },
    ],
  };
}

/** Extracts a leading --lang option, wherever it stands, so every command accepts it the same way. */
export function takeLangOption(tokens: readonly string[]): { tokens: string[]; lang?: Lang; bad?: string } {
  const rest: string[] = [];
  let lang: Lang | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const inline = /^--lang=(.*)$/.exec(token);
    const value = inline ? inline[1] : token === '--lang' ? tokens[++i] : undefined;
    if (inline || token === '--lang') {
      if (!isLang(value)) return { tokens: rest, bad: value ?? '' };
      lang = value;
    } else rest.push(token);
  }
  return { tokens: rest, lang };
}

/** Whether this invocation would read live infrastructure data (its command says so for its tokens). */
export function readsInfrastructure(inv: Pick<Invocation, 'command' | 'tokens'>): boolean {
  return findCommand(inv.command)?.readsInfrastructure?.(takeLangOption(inv.tokens).tokens) ?? false;
}

/** Parse → run → render for any command; never throws for user input. */
export async function dispatch(inv: Invocation, services: Services): Promise<Reply> {
  const defaultLang = inv.lang ?? inv.defaultLang ?? 'en';
  const def = findCommand(inv.command);
  if (!def) {
    const near = suggestCommand(inv.command);
    return errorReply(null, defaultLang, {
      code: 'unknown_command',
      message: fill(C.unknownCommand[defaultLang], {
        command: inv.command,
        accepted: COMMANDS.map((c) => c.name).join(', '),
        suggestion: near ? fill(C.didYouMean[defaultLang], { name: near }) : '',
      }),
    });
  }
  const langOption = takeLangOption(inv.tokens);
  if (langOption.bad !== undefined) {
    return errorReply(def.name, defaultLang, { code: 'bad_lang', message: fill(C.badLang[defaultLang], { value: langOption.bad }) });
  }
  const lang = langOption.lang ?? defaultLang;
  const tokens = langOption.tokens;
  // Before anything of the input is read: a chat user not allowed to see instance facts gets the refusal.
  if (inv.remote && inv.infrastructureAllowed !== true && def.readsInfrastructure?.(tokens)) {
    return errorReply(null, lang, { code: 'triage_not_allowed', message: C.triageNotAllowed[lang] });
  }
  if (tokens.length === 1 && HELP_WORDS.has(tokens[0]!.toLowerCase())) {
    const doc = helpDoc(def, lang);
    return { kind: 'help', command: def.name, lang, json: { help: renderText(doc) }, doc };
  }
  const parsedArgs = def.parse(tokens, { lang, langExplicit: langOption.lang !== undefined || inv.lang !== undefined, remote: inv.remote === true }, services);
  if (!parsedArgs.ok) return errorReply(def.name, lang, parsedArgs.error);
  const replyLang = def.replyLang?.(parsedArgs.args) ?? lang;
  try {
    const result = await def.run(parsedArgs.args, services);
    return { kind: 'result', command: def.name, lang: replyLang, json: def.json(result, replyLang), doc: def.doc(result, replyLang), result };
  } catch (error) {
    if (error instanceof CommandFailure) return errorReply(def.name, replyLang, error.failure);
    throw error;
  }
}
