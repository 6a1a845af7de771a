import { styleText } from 'node:util';
import { PLAIN, type TextStyle } from '../render/text.js';

/**
 * Whether the console colours its output: on a terminal only, never with NO_COLOR set to anything
 * (https://no-color.org), always with FORCE_COLOR set to anything but 0/false (a pager that shows colours),
 * never on a "dumb" terminal. Decided from the environment the console was given, not process.env.
 */
export function wantsColour(output: NodeJS.WritableStream, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return !/^(?:0|false)$/i.test(force);
  return Boolean((output as { isTTY?: boolean }).isTTY) && env.TERM !== 'dumb';
}

type Format = Parameters<typeof styleText>[0];
// The decision is wantsColour's: styleText is told not to second-guess it from process.stdout.
const paint = (format: Format) => (text: string) => styleText(format, text, { validateStream: false });

export const COLOURS: TextStyle = {
  heading: paint(['bold', 'cyan']),
  body: (text) => text,
  status: (status, text) => (status === 'pass' ? paint('green') : status === 'fail' ? paint('red') : paint('yellow'))(text),
  quiet: paint('dim'),
  pick: paint(['bold', 'cyan']),
};

/** The console's styles: the text style of an answer (an error's body in red), the prompt and its notes. */
export interface ConsoleStyle {
  text: TextStyle;
  error: TextStyle;
  prompt: (text: string) => string;
  note: (text: string) => string;
}

export function consoleStyle(colour: boolean): ConsoleStyle {
  if (!colour) return { text: PLAIN, error: PLAIN, prompt: PLAIN.body, note: PLAIN.body };
  return { text: COLOURS, error: { ...COLOURS, body: paint('red') }, prompt: paint(['bold', 'green']), note: paint('dim') };
}
