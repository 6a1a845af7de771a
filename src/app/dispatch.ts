import { commonStrings as C } from '../i18n/common.js';
import { kbStrings } from '../i18n/kb.js';
import { reportStrings } from '../i18n/report.js';
import { fill, isLang, type Lang } from '../i18n/lang.js';
import type { Doc } from '../render/doc.js';
import { renderText } from '../render/text.js';
import { CommandFailure, type Failure, type Services } from '../commands/types.js';
import type { CommandDef } from './command-def.js';
import type { Invocation, Reply, Surface } from './invocation.js';
import { LaneBusyError } from './lanes.js';
import { COMMAND_ENTRIES as COMMANDS, findEntry, type CommandEntry } from './command-index.js';

export type { Invocation, Reply, Surface } from './invocation.js';

const HELP_WORDS = new Set(['help', '--help', '-h', '帮助', '?']);

/** Did-you-mean over command names: fuse.js is at its best on short strings like these (loaded for a miss only). */
export async function suggestCommand(name: string): Promise<string | undefined> {
  const { default: Fuse } = await import('fuse.js');
  return new Fuse(COMMANDS.map((c) => c.name), { threshold: 0.5 }).search(name)[0]?.item;
}

export function errorReply(command: string | null, lang: Lang, error: Failure, surface: Surface = 'cli'): Reply {
  const blocks: Doc['blocks'] = [{ type: 'text', text: surface === 'chat' ? toSlashSyntax(error.message) : error.message }];
  if (command) blocks.push({ type: 'context', text: fill((surface === 'chat' ? C.helpHintSlash : C.helpHint)[lang], { command }) });
  return { kind: 'error', command, lang, json: { error }, doc: { blocks }, error };
}

/** Options only the command line has: JSON output, batches from stdin, and a DNS server of the caller's choosing. */
const CLI_ONLY = /--json|--batch|--server|stdin|标准输入/;

/** True for a usage line or an example that only the command line can run (chat refuses or ignores it). */
export const isCliOnly = (text: string): boolean => CLI_ONLY.test(text);

/**
 * A usage text or an example in chat's own syntax: `ecs-netbot bw 5M` → `/ecs-bw 5M`, without the options chat
 * does not have ([--json], [--server …]) and without the lines only about them.
 */
export function toSlashSyntax(text: string): string {
  return text
    .replace(/\s*\[--json\]|\s*\[--server [^\]]*\]/g, '')
    .split('\n')
    .filter((line) => !CLI_ONLY.test(line))
    .join('\n')
    .replace(/ecs-netbot ([a-z]+)/g, '/ecs-$1');
}

export function helpDoc(def: Pick<CommandEntry, 'name' | 'strings'>, lang: Lang, surface: Surface = 'cli'): Doc {
  const chat = surface === 'chat';
  const examples = def.strings.examples[lang].filter((e) => !chat || !CLI_ONLY.test(e)).map((e) => (chat ? toSlashSyntax(e) : e));
  return {
    blocks: [
      { type: 'header', text: `${chat ? `/ecs-${def.name}` : def.name}: ${def.strings.summary[lang]}` },
      { type: 'text', text: `${C.usage[lang]}:` },
      { type: 'code', text: chat ? toSlashSyntax(def.strings.usage[lang]) : def.strings.usage[lang] },
      { type: 'text', text: `${C.examples[lang]}:` },
      { type: 'code', text: examples.join('\n') },
    ],
  };
}

/**
 * Every command with an example: in the CLI's syntax (with `kb` and `report`, which only the CLI has), or in
 * chat's slash syntax, what `help` shows in Slack and in the console (`extra`: what only that surface offers).
 */
export function overviewDoc(lang: Lang, surface: Surface = 'cli', extra: readonly string[] = []): Doc {
  const chat = surface === 'chat';
  const example = (c: CommandEntry) => {
    const examples = c.strings.examples[lang];
    return chat ? toSlashSyntax(examples.find((e) => !CLI_ONLY.test(e)) ?? examples[0]!) : examples[0]!;
  };
  const summaries = COMMANDS.map((c) => `${chat ? `/ecs-${c.name}` : c.name}: ${c.strings.summary[lang]}`);
  return {
    blocks: [
      { type: 'header', text: 'ecs-netbot' },
      { type: 'list', items: chat ? summaries : [...summaries, `kb: ${kbStrings.summary[lang]}`, `report: ${reportStrings.summary[lang]}`] },
      { type: 'text', text: `${C.examples[lang]}:` },
      { type: 'code', text: COMMANDS.map(example).join('\n') },
      ...(extra.length ? [{ type: 'list' as const, items: [...extra] }] : []),
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
  return findEntry(inv.command)?.readsInfrastructure?.(takeLangOption(inv.tokens).tokens) ?? false;
}

/** Parse → run → render for any command; never throws for user input. */
export async function dispatch(inv: Invocation, services: Services): Promise<Reply> {
  const defaultLang = inv.lang ?? inv.defaultLang ?? 'en';
  const entry = findEntry(inv.command);
  if (!entry) {
    const near = await suggestCommand(inv.command);
    return errorReply(null, defaultLang, {
      code: 'unknown_command',
      message: fill(C.unknownCommand[defaultLang], {
        command: inv.command,
        accepted: COMMANDS.map((c) => c.name).join(', '),
        suggestion: near ? fill(C.didYouMean[defaultLang], { name: near }) : '',
      }),
    });
  }
  const surface: Surface = inv.surface ?? (inv.remote ? 'chat' : 'cli');
  const langOption = takeLangOption(inv.tokens);
  if (langOption.bad !== undefined) {
    return errorReply(entry.name, defaultLang, { code: 'bad_lang', message: fill(C.badLang[defaultLang], { value: langOption.bad }) }, surface);
  }
  const lang = langOption.lang ?? defaultLang;
  // In chat, --json (a command-line option) is dropped with a note rather than refused.
  const jsonDropped = surface === 'chat' && langOption.tokens.includes('--json');
  const tokens = jsonDropped ? langOption.tokens.filter((t) => t !== '--json') : langOption.tokens;
  const def = await entry.load();
  const reply = await dispatchParsed(def, inv, services, { lang, tokens, surface, langExplicit: langOption.lang !== undefined || inv.lang !== undefined });
  return jsonDropped ? { ...reply, doc: { ...reply.doc, blocks: [...reply.doc.blocks, { type: 'context', text: C.jsonInChat[reply.lang] }] } } as Reply : reply;
}

async function dispatchParsed(
  def: CommandDef<any, any>,
  inv: Invocation,
  services: Services,
  { lang, tokens, surface, langExplicit }: { lang: Lang; tokens: string[]; surface: Surface; langExplicit: boolean },
): Promise<Reply> {
  // Before anything of the input is read: a chat user not allowed to see instance facts gets the refusal.
  if (inv.remote && inv.infrastructureAllowed !== true && def.readsInfrastructure?.(tokens)) {
    return errorReply(null, lang, { code: 'triage_not_allowed', message: C.triageNotAllowed[lang] });
  }
  if (tokens.length === 1 && HELP_WORDS.has(tokens[0]!.toLowerCase())) {
    const doc = helpDoc(def, lang, surface);
    return { kind: 'help', command: def.name, lang, json: { help: renderText(doc) }, doc };
  }
  const parsedArgs = def.parse(
    tokens,
    { lang, langExplicit, remote: inv.remote === true, ...(inv.reading ? { reading: inv.reading } : {}) },
    services,
  );
  if (!parsedArgs.ok) return errorReply(def.name, lang, parsedArgs.error, surface);
  const replyLang = def.replyLang?.(parsedArgs.args) ?? lang;
  try {
    const run = () => def.run(parsedArgs.args, services, (next) => dispatch(next, services));
    const lane = def.lane?.(parsedArgs.args) ?? 'quick';
    const result = services.lanes ? await services.lanes.run(lane, run) : await run();
    return { kind: 'result', command: def.name, lang: replyLang, json: def.json(result, replyLang), doc: def.doc(result, replyLang), result };
  } catch (error) {
    if (error instanceof CommandFailure) return errorReply(def.name, replyLang, error.failure, surface);
    if (error instanceof LaneBusyError) return errorReply(null, replyLang, { code: 'busy', message: C.laneBusy[replyLang] });
    throw error;
  }
}
