import type { Invocation } from './invocation.js';

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
