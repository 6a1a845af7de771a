import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parsed, rejected, type Parsed } from '../commands/types.js';
import { commonStrings as C } from '../i18n/common.js';
import { fill, type Lang } from '../i18n/lang.js';
import { reportStrings as S } from '../i18n/report.js';
import { KnowledgeError } from '../knowledge/errors.js';
import { loadKnowledgeFast } from '../knowledge/fast.js';
import type { KnowledgeBase } from '../knowledge/load.js';
import { neutralize, neutralJson } from '../util/neutralize.js';
import { renderText } from '../render/text.js';
import { reportDoc, reportJson } from '../render/report.js';
import { aliasPatch, candidatePatch } from '../report/aliases.js';
import { reportFromData } from '../report/build.js';
import type { ReportData, ReportWindow, Store } from '../store/types.js';
import { DEFAULT_DB } from '../store/open.js';

type Env = Readonly<Record<string, string | undefined>>;

export const DEFAULT_SINCE = '7d';
export const MAX_SINCE_HOURS = 365 * 24;
export const DEFAULT_PATCH = './netbot-aliases.patch';
export const DEFAULT_CANDIDATES_PATCH = './netbot-candidates.patch';
const HOURS: Record<string, number> = { h: 1, d: 24, w: 168 };

/** `--since 7d`: Nh, Nd or Nw, more than nothing and at most 365 days; returns hours. */
export function parseSince(value: string, lang: Lang): Parsed<number> {
  const m = /^(\d{1,6})([hdw])$/i.exec(value.trim());
  if (!m || Number(m[1]) === 0) return rejected('bad_since', fill(S.badSince[lang], { value: value.slice(0, 40) }));
  const hours = Number(m[1]) * HOURS[m[2]!.toLowerCase()]!;
  if (hours > MAX_SINCE_HOURS) return rejected('since_too_long', fill(S.sinceTooLong[lang], { value }));
  return parsed(hours);
}

export interface ReportArgs {
  sinceHours: number;
  /** Where to write the alias patch; undefined without --aliases. */
  aliases?: string;
  /** Where to write the experts' candidates as a patch; undefined without --candidates. */
  candidates?: string;
  help?: boolean;
}

/**
 * The report's options by hand: `--aliases` takes an optional value, which node's parseArgs cannot express.
 * --json and --lang are the CLI's own (main.ts reads them) and are skipped here.
 */
export function parseReportArgs(tokens: readonly string[], lang: Lang): Parsed<ReportArgs> {
  let since = DEFAULT_SINCE;
  let aliases: string | undefined;
  let candidates: string | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const [name, inline] = token.startsWith('--') && token.includes('=') ? [token.slice(0, token.indexOf('=')), token.slice(token.indexOf('=') + 1)] : [token, undefined];
    const next = tokens[i + 1];
    const hasNext = next !== undefined && !next.startsWith('--');
    if (name === 'help' || name === '--help' || name === '-h') return parsed({ sinceHours: 0, help: true });
    if (name === '--json') continue;
    if (name === '--lang') {
      if (inline === undefined) i++;
      continue;
    }
    if (name === '--since') {
      const value = inline ?? (hasNext ? tokens[++i] : undefined);
      if (!value) return rejected('missing_value', S.missingSince[lang]);
      since = value;
    } else if (name === '--aliases') {
      aliases = inline || (hasNext ? tokens[++i]! : DEFAULT_PATCH);
    } else if (name === '--candidates') {
      candidates = inline || (hasNext ? tokens[++i]! : DEFAULT_CANDIDATES_PATCH);
    } else return rejected('unknown_option', fill(S.unknownOption[lang], { option: token.slice(0, 40) }));
  }
  const hours = parseSince(since, lang);
  if (!hours.ok) return hours;
  return parsed({ sinceHours: hours.args, ...(aliases !== undefined ? { aliases } : {}), ...(candidates !== undefined ? { candidates } : {}) });
}

/** A URL with its password hidden (postgres://netbot:***@db:5432/netbot); anything unreadable is hidden whole. */
function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '***';
  }
}

/** Which store the environment names (or the SQLite store's own path), for the message when it cannot be opened. */
function storeTarget(env: Env, lang: Lang, store: Store | undefined): string {
  const url = env.DATABASE_URL?.trim();
  if (url) return fill(S.targetPostgres[lang], { url: safeUrl(url) });
  const path = env.NETBOT_DB?.trim();
  if (path) return fill(S.targetSqlite[lang], { path: resolve(path) });
  const own = (store as { path?: unknown } | undefined)?.path;
  return typeof own === 'string' ? fill(S.targetDefault[lang], { path: own }) : S.targetUnknown[lang];
}

/** The store a report read, for --json: its kind and file, or its URL with the password hidden. */
function storeRead(env: Env, store: Store): { kind: 'sqlite'; path: string } | { kind: 'postgresql'; url: string } {
  const url = env.DATABASE_URL?.trim();
  if (url) return { kind: 'postgresql', url: safeUrl(url) };
  const own = (store as { path?: unknown }).path;
  return { kind: 'sqlite', path: typeof own === 'string' ? own : resolve(env.NETBOT_DB?.trim() || DEFAULT_DB) };
}

/** A driver's error message, with any credentials it might quote taken out. */
function safeReason(error: unknown, env: Env): string {
  let text = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);
  text = text.replace(/\b([a-z][a-z0-9+.-]*:\/\/[^/\s:@]*):[^/\s@]*@/gi, '$1:***@');
  const url = env.DATABASE_URL?.trim();
  if (url) {
    try {
      const password = decodeURIComponent(new URL(url).password);
      if (password.length >= 3) text = text.split(password).join('***');
    } catch {
      // Not a URL: nothing of it is quoted here.
    }
  }
  return text;
}

function fail(code: string, message: string, json: boolean, exit: number): number {
  if (json) process.stdout.write(neutralJson({ error: { code, message } }) + '\n');
  else process.stderr.write(neutralize(message) + '\n');
  return exit;
}

/** The window's aggregates (read in SQL, not row by row), the store opened and closed around it; throws what the store throws. */
async function readData(store: Store, window: ReportWindow): Promise<ReportData> {
  try {
    await store.open();
    return await store.reportData(window);
  } finally {
    await store.close().catch(() => undefined);
  }
}

/**
 * `ecs-netbot report [--since 7d] [--aliases [file]] [--json]`: the gaps report over the store's rows.
 * 0 done, 1 the store or the knowledge base cannot be read, 2 bad usage.
 */
export async function runReport(
  tokens: string[],
  json: boolean,
  lang: Lang,
  env: Env,
  openStore: (env: Env) => Store,
  opts: { now?: Date } = {},
): Promise<number> {
  const args = parseReportArgs(tokens, lang);
  if (!args.ok) {
    // Usage errors go to stdout, like every other command's (README: bad usage exits 2).
    const message = args.error.message;
    process.stdout.write((json ? neutralJson({ error: args.error }) : neutralize(message)) + '\n');
    return 2;
  }
  if (args.args.help) {
    const help = `${C.usage[lang]}:\n${S.usage[lang]}\n\n${C.examples[lang]}:\n${S.examples[lang].map((e) => `  ${e}`).join('\n')}`;
    process.stdout.write((json ? neutralJson({ help }) : help) + '\n');
    return 0;
  }
  const now = opts.now ?? new Date();
  const since = new Date(now.getTime() - args.args.sinceHours * 3600_000);

  let kb: KnowledgeBase;
  try {
    // The per-user cache of the validated files, as the other CLI commands: parsing every YAML file is most of a small report's time.
    kb = await loadKnowledgeFast();
  } catch (error) {
    if (!(error instanceof KnowledgeError)) throw error;
    return fail('knowledge_invalid', error.message, json, 1);
  }

  let data: ReportData;
  let store: Store | undefined;
  try {
    store = openStore(env);
    data = await readData(store, { since, until: now });
  } catch (error) {
    const message = fill(S.storeUnavailable[lang], { target: storeTarget(env, lang, store), reason: safeReason(error, env) });
    return fail('store_unavailable', message, json, 1);
  }

  const report = reportFromData(data, { since, now, kb, lang });
  const patchOf = (c: (typeof report.candidates)[number]) => candidatePatch([c], kb.dir);
  // Which store was read, so that a report from the wrong database is seen as such (never a password).
  const from = storeRead(env, store);
  const text = () => `${renderText(reportDoc(report, lang), lang)}\n\n${fill(S.readFrom[lang], { target: storeTarget(env, lang, store) })}`;
  process.stdout.write((json ? neutralJson({ ...reportJson(report, lang, patchOf), store: from }) : neutralize(text())) + '\n');

  // With --json, stdout carries the report only: what happened to a patch goes to stderr.
  const say = (text: string) => (json ? process.stderr : process.stdout).write(neutralize(text) + '\n');
  const patches = [
    { path: args.args.aliases, patch: () => aliasPatch(report.aliasSuggestions, kb.dir), count: report.aliasSuggestions.length, written: S.patchWritten, none: S.noPatch },
    { path: args.args.candidates, patch: () => candidatePatch(report.candidates, kb.dir), count: report.candidates.length, written: S.candidatesWritten, none: S.noCandidates },
  ];
  for (const { path, patch, count, written, none } of patches) {
    if (path === undefined) continue;
    const text = patch();
    if (!text) {
      say(fill(none[lang], { path }));
      continue;
    }
    try {
      writeFileSync(path, text);
    } catch (error) {
      process.stderr.write(neutralize(fill(S.patchFailed[lang], { path, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message })) + '\n');
      return 1;
    }
    say(fill(written[lang], { path, count }));
  }
  return 0;
}
