/**
 * Control, bidirectional-formatting and invisible characters made harmless for display, in one place for the
 * terminal, Slack and JSON output: NUL, ESC (terminal escape sequences), other C0/C1 controls and DEL become
 * their visible Control Pictures (␀, ␛) or U+FFFD; bidi overrides/isolates/marks (which can reorder what a
 * reader sees in a public thread) and invisible characters (zero-width space, word joiner, BOM, soft hyphen,
 * Unicode tags: text a reader cannot see but a copy-paste or a model can) become U+FFFD. Line breaks stay
 * unless `flatten` (text quoted inside a sentence); tabs become spaces. Chinese, emoji and what emoji are made
 * of (ZWJ between pictographs, one variation selector, a flag's tag sequence) are untouched.
 */
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/**
 * Every default-ignorable code point (drawn as nothing) is replaced, except where emoji and scripts need one:
 * a subdivision flag (🏴 + tag letters + cancel tag), a ZWJ joining two pictographs, a single variation
 * selector after a visible character, a Mongolian free variation selector after a Mongolian letter.
 */
const INVISIBLE =
  /(?<keep>\u{1F3F4}[\u{E0030}-\u{E0039}\u{E0061}-\u{E007A}]{1,8}\u{E007F}|(?<=[\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}\uFE0F])\u200D(?=\p{Extended_Pictographic})|(?<![\p{Default_Ignorable_Code_Point}\p{Cc}\s])[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]|(?<=[\u1820-\u18AF])[\u180B-\u180D\u180F])|\p{Default_Ignorable_Code_Point}/gu;

const picture = (char: string) => {
  const code = char.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code); // ␀ … ␟
  return code === 0x7f ? '\u2421' : '\ufffd'; // ␡ for DEL, U+FFFD for C1
};

export function neutralize(text: string, opts: { flatten?: boolean } = {}): string {
  const out = text
    .replace(CONTROLS, picture)
    .replace(BIDI, '\ufffd')
    .replace(INVISIBLE, (match: string, keep: string | undefined) => (keep === undefined ? '\ufffd' : match))
    .replace(/\t/g, ' ')
    .replace(/\r\n?/g, '\n');
  return opts.flatten ? out.replace(/\n/g, '\u2424') : out; // ␤
}

/**
 * JSON for output (`--json`): every string value neutralised as above. JSON.stringify escapes C0 controls
 * but passes C1 controls, bidi and invisible characters through to whatever prints or displays the result.
 */
export function neutralJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? neutralize(v) : v));
}
