import type { Invocation } from './invocation.js';

/**
 * A command typed as at the terminal, without its slash ("bw 5", "subnet 10.0.0.0/16 --count 4", "ptr 1.2.3.4",
 * "instance i-bp1…"): the command, when what follows reads as its arguments (a figure, an address, an option, an
 * instance id, a runbook id) and not as a question about it ("ptr 是什么", "subnet 怎么划分?").
 */
const BARE = /^(bw|subnet|ptr|canswap|instance|triage)\s+(\S.*)$/i;
const ARGUMENT_FIRST = /^(?:[\d[]|--|i-[a-z0-9]|[0-9a-f]{0,4}:[0-9a-f:]*|vpc$|classic$|help$|[a-z0-9]+(?:-[a-z0-9]+)+$)/i;
const QUESTION_LIKE = /[?？]|\p{Script=Han}/u;

/** Command names no question is made of: typed alone, they ask for the command (and get its usage). */
const NAME_ALONE = /^(bw|ptr|canswap|instance|triage)$/i;
/** A first word that is no word at all ("__proto__", "1.2.3.4<control>", "x=1"): what a command is typed with, not a question. */
const NOT_A_WORD = /[^\p{L}'’-]/u;

export function parseBareCommand(line: string): Invocation | undefined {
  const text = line.trim();
  const alone = NAME_ALONE.exec(text);
  if (alone) return { command: alone[1]!.toLowerCase(), tokens: [] };
  const m = BARE.exec(text);
  if (!m || QUESTION_LIKE.test(m[2]!)) return undefined;
  const tokens = splitTokens(m[2]!);
  const first = tokens[0] ?? '';
  // "bw question: …" — a word with its punctuation is still a word.
  if (!ARGUMENT_FIRST.test(first) && !NOT_A_WORD.test(first.replace(/[:：,，.。!！;；]+$/u, ''))) return undefined;
  return { command: m[1]!.toLowerCase(), tokens };
}

/** A calculator's name and a few words that are not a question ("bw abc", "subnet foo bar"). */
const CALCULATOR_FIRST = /^(bw|subnet|ptr|canswap)\s+(\S+(?:\s+\S+){0,2})$/i;

/**
 * A message the knowledge base declined that starts with a calculator's name: the calculator, whose own error
 * says what it accepts ("bw abc" → "abc" is not a bandwidth, with an example), rather than "rephrase".
 */
export function calculatorNamedFirst(line: string): Invocation | undefined {
  const m = CALCULATOR_FIRST.exec(line.trim());
  if (!m || QUESTION_LIKE.test(m[2]!)) return undefined;
  return { command: m[1]!.toLowerCase(), tokens: splitTokens(m[2]!) };
}

/** A typed command, with its slash or, as at the terminal, without. */
export const parseCommandLine = (line: string): Invocation | undefined => parseSlash(line) ?? parseBareCommand(line);

/** Splits what a user typed into tokens: white space separates, "double" or 'single' quotes group. */
export function splitTokens(text: string): string[] {
  const tokens: string[] = [];
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const m of text.matchAll(pattern)) tokens.push(m[1] ?? m[2] ?? m[3] ?? '');
  return tokens;
}

const SLASH = /^\/ecs-([a-z]+)(?:\s+|$)/i;

/** Options before a question ("--top 5 --lang zh how do I …"): each --name=value, or --name and its value. */
const LEADING_OPTIONS = /^(?:--[a-z][a-z-]*(?:=\S*|\s+(?!--)\S+)?\s+)+/i;

/** "/ecs-bw 5" typed in the console or a message → the bw command with its tokens; undefined otherwise. */
export function parseSlash(line: string): Invocation | undefined {
  const text = line.trim();
  const slash = SLASH.exec(text);
  if (!slash) return undefined;
  const command = slash[1]!.toLowerCase();
  const rest = text.slice(slash[0].length);
  if (command !== 'ask') return { command, tokens: splitTokens(rest) };
  // A question keeps its words together; options written before it are options, split like a shell would.
  const options = LEADING_OPTIONS.exec(rest + ' ')?.[0] ?? '';
  const question = (rest + ' ').slice(options.length).trim();
  return { command, tokens: [...splitTokens(options), ...(question ? [question] : [])] };
}
