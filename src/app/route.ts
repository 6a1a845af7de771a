import type { Invocation } from './dispatch.js';

/** Splits what a user typed into tokens: white space separates, "double" or 'single' quotes group. */
export function splitTokens(text: string): string[] {
  const tokens: string[] = [];
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const m of text.matchAll(pattern)) tokens.push(m[1] ?? m[2] ?? m[3] ?? '');
  return tokens;
}

const SLASH = /^\/ecs-([a-z]+)(?:\s+|$)/i;

/**
 * Turns one line typed in the console (or a Slack message) into an invocation: "/ecs-bw 5" runs bw,
 * anything else is a question for ask.
 */
export function routeLine(line: string): Invocation {
  const text = line.trim();
  const slash = SLASH.exec(text);
  if (slash) return { command: slash[1]!.toLowerCase(), tokens: splitTokens(text.slice(slash[0].length)) };
  return { command: 'ask', tokens: [text] };
}
