import { neutralize } from '../util/neutralize.js';

/** The most characters of user input an error message repeats back. */
export const ECHO_MAX = 60;

/**
 * User input as it may be repeated in a message: on one line (it is quoted inside a sentence), with control
 * and bidi characters made visible, and cut to a bound, so a hostile megabyte of text never comes back in a
 * reply (front ends escape it for their medium on top of this).
 */
export function echo(text: string, max = ECHO_MAX): string {
  const chars = Array.from(neutralize(text, { flatten: true }));
  return chars.length > max ? chars.slice(0, max - 1).join('') + '…' : chars.join('');
}
