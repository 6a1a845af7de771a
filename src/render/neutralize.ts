/**
 * Control and bidirectional-formatting characters made harmless for display, in one place for the terminal
 * and Slack: NUL, ESC (terminal escape sequences), other C0/C1 controls and DEL become their visible Control
 * Pictures (␀, ␛) or U+FFFD, and bidi overrides/isolates/marks (which can reorder what a reader sees in a
 * public thread) become U+FFFD. Line breaks stay unless `flatten` (text quoted inside a sentence); tabs become
 * spaces. Chinese, emoji and their joiners (ZWJ, variation selectors) are untouched.
 */
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const picture = (char: string) => {
  const code = char.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code); // ␀ … ␟
  return code === 0x7f ? '\u2421' : '\ufffd'; // ␡ for DEL, U+FFFD for C1
};

export function neutralize(text: string, opts: { flatten?: boolean } = {}): string {
  const out = text.replace(CONTROLS, picture).replace(BIDI, '\ufffd').replace(/\t/g, ' ').replace(/\r\n?/g, '\n');
  return opts.flatten ? out.replace(/\n/g, '\u2424') : out; // ␤
}
