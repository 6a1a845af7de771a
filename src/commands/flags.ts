import { parseArgs } from 'node:util';
import { commonStrings as C } from '../i18n/common.js';
import { fill, type Lang } from '../i18n/lang.js';
import { parsed, rejected, type Parsed } from './types.js';

export type FlagSpec = Record<string, 'string' | 'boolean'>;

export interface Flags {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** A bound on how much a user may type: keeps every parser linear and cheap on hostile input. */
export const MAX_TOKENS = 64;

/**
 * Parses command flags strictly with node's util.parseArgs, turning its English-only errors into a
 * specific bilingual message that lists what is accepted. Numbers like "-5" stay positionals.
 * `example` shows a whole input; `valueExamples`, when given, shows a value for the option that lacks one.
 */
export function parseFlags(
  tokens: readonly string[],
  spec: FlagSpec,
  lang: Lang,
  example = 'value',
  valueExamples: Readonly<Record<string, string>> = {},
): Parsed<Flags> {
  if (tokens.length > MAX_TOKENS) {
    return rejected('too_long', fill(C.tooManyTokens[lang], { count: tokens.length, max: MAX_TOKENS, example }));
  }
  const accepted = Object.keys(spec).map((name) => `--${name}`).join(', ') || '—';
  // A negative number is a value, not an option: protect it from parseArgs.
  const args = tokens.map((t) => (/^-\d/.test(t) ? `\u0000${t}` : t));
  for (const token of args) {
    if (!token.startsWith('--')) continue;
    const name = token.slice(2).split('=')[0]!;
    if (!Object.hasOwn(spec, name)) return rejected('unknown_option', fill(C.unknownOption[lang], { option: `--${name}`, accepted }));
  }
  for (const token of args) {
    if (/^-[^-\u0000]/.test(token)) return rejected('unknown_option', fill(C.unknownOption[lang], { option: token, accepted }));
  }
  const options = Object.fromEntries(Object.entries(spec).map(([name, type]) => [name, { type }]));
  try {
    const result = parseArgs({ args, options, strict: true, allowPositionals: true });
    const values = Object.fromEntries(
      Object.entries(result.values).map(([k, v]) => [k, typeof v === 'string' ? v.replace(/^\u0000/, '') : v]),
    ) as Flags['values'];
    return parsed({
      values,
      positionals: result.positionals.map((p) => p.replace(/^\u0000/, '')),
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const option = /'(-[^' ]+)/.exec((error as Error).message)?.[1] ?? '';
    const name = option.replace(/^-+/, '').split(/[ =,]/)[0] ?? '';
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && Object.hasOwn(spec, name) && spec[name] === 'boolean') {
      return rejected('unexpected_value', fill(C.unexpectedValue[lang], { option: `--${name}` }));
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      return rejected('missing_value', fill(C.missingValue[lang], { option: `--${name}`, example: (Object.hasOwn(valueExamples, name) ? valueExamples[name] : undefined) ?? example }));
    }
    return rejected('unknown_option', fill(C.unknownOption[lang], { option: option || '?', accepted }));
  }
}
