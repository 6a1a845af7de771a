import { readFileSync } from 'node:fs';
import { knowledgeDir } from '../knowledge/paths.js';
import { patchedCopy } from '../knowledge/patch.js';
import { KnowledgeError, loadKnowledge, type KnowledgeBase } from '../knowledge/load.js';
import type { Lang } from '../i18n/lang.js';
import { neutralize, neutralJson } from '../util/neutralize.js';
import { renderText } from '../render/text.js';
import { entryBlocks } from '../render/ask.js';
import { kbStrings as S } from '../i18n/kb.js';
import { fill } from '../i18n/lang.js';

/** Coverage counts printed by `kb check`: how much of the guide the entries cover. */
export function coverage(kb: KnowledgeBase) {
  const perChapter: Record<string, number> = {};
  for (const e of kb.entries) {
    const chapter = e.section.split('.')[0]!;
    perChapter[chapter] = (perChapter[chapter] ?? 0) + 1;
  }
  const cited = new Set(kb.entries.map((e) => e.section));
  const uncited = [...kb.sections.keys()].filter((n) => ![...cited].some((c) => c === n || c.startsWith(n + '.')));
  return {
    entries: kb.entries.length,
    files: kb.files.length,
    sections: kb.sections.size,
    sectionsCited: [...kb.sections.keys()].length - uncited.length,
    uncitedSections: uncited,
    perChapter,
    aliases: kb.entries.reduce((n, e) => n + e.aliases.zh.length + e.aliases.en.length, 0),
    contradictions: kb.entries.filter((e) => e.contradiction).length,
    withCommand: kb.entries.filter((e) => e.command).length,
    synonymGroups: kb.synonyms.length,
    runbooks: kb.runbooks.length,
    runbookSteps: kb.runbooks.reduce((n, r) => n + r.steps.length, 0),
    runbookChecks: kb.runbooks.reduce((n, r) => n + r.steps.filter((s) => s.check).length, 0),
  };
}

function usageError(code: string, message: string, json: boolean): number {
  process.stdout.write((json ? neutralJson({ error: { code, message } }) : neutralize(message)) + '\n');
  return 2;
}

/** `--patch <file>` or `--patch=<file>`, taken out of the tokens; `missing` when it has no value. */
function takePatchOption(tokens: readonly string[]): { tokens: string[]; path?: string; missing?: boolean } {
  const rest: string[] = [];
  let path: string | undefined;
  let missing = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const inline = /^--patch=(.*)$/.exec(token);
    if (inline) path = inline[1];
    else if (token === '--patch') {
      const next = tokens[i + 1];
      if (next === undefined || next.startsWith('--')) missing = true;
      else path = tokens[++i];
    } else {
      rest.push(token);
      continue;
    }
    if (path === '') missing = true;
  }
  return { tokens: rest, ...(path ? { path } : {}), ...(missing ? { missing } : {}) };
}

/**
 * `kb check --patch <file>`: applies the patch to a temporary copy of the knowledge folder and validates
 * that copy as at start. 0 valid, 1 the patch does not apply or the result is invalid.
 */
function checkPatch(path: string, json: boolean, lang: Lang): number {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return usageError('patch_unreadable', fill(S.patchUnreadable[lang], { path, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message }), json);
  }
  const copy = patchedCopy(text, knowledgeDir());
  try {
    let problems = copy.problems;
    let kb: KnowledgeBase | undefined;
    if (!problems.length) {
      try {
        kb = loadKnowledge(copy.dir);
      } catch (error) {
        if (!(error instanceof KnowledgeError)) throw error;
        problems = error.problems;
      }
    }
    if (json) {
      process.stdout.write(neutralJson({ ok: problems.length === 0, patch: path, files: copy.files, problems }) + '\n');
    } else if (kb) {
      process.stdout.write(fill(S.patchOk[lang], { path, files: copy.files.join(', '), entries: kb.entries.length, count: kb.files.length }) + '\n');
    } else {
      const head = fill(copy.problems.length ? S.patchNotApplied[lang] : S.patchInvalid[lang], { path });
      const lines = problems.map((p) => `  ${p.file}${p.entry ? ` [${p.entry}]` : ''}: ${p.message}`);
      process.stderr.write([head, ...lines].join('\n') + '\n');
    }
    return problems.length ? 1 : 0;
  } finally {
    copy.cleanup();
  }
}

/** `ecs-netbot kb check [--patch <file>]|show <id>`: the same validation the program runs at start, plus counts. */
export function runKb(tokens: string[], json: boolean, lang: Lang): number {
  const patch = takePatchOption(tokens);
  const [sub, id] = patch.tokens.filter((t) => !t.startsWith('--'));
  if (sub !== 'check' && sub !== 'show') return usageError('usage', fill(S.usage[lang], {}), json);
  if (patch.missing) return usageError('patch_missing', S.patchMissing[lang], json);
  if (patch.path !== undefined) return sub === 'check' ? checkPatch(patch.path, json, lang) : usageError('usage', S.patchOnlyCheck[lang], json);
  let kb: KnowledgeBase;
  try {
    kb = loadKnowledge();
  } catch (error) {
    if (!(error instanceof KnowledgeError)) throw error;
    if (json) process.stdout.write(neutralJson({ ok: false, dir: knowledgeDir(), problems: error.problems }) + '\n');
    else process.stderr.write(error.message + '\n');
    return 1;
  }
  if (sub === 'show') {
    const entry = id ? kb.byId.get(id) : undefined;
    if (!entry) {
      const message = fill(S.noSuchEntry[lang], { id: id ?? '' });
      process.stdout.write((json ? neutralJson({ error: { code: 'no_such_entry', message } }) : neutralize(message)) + '\n');
      return 2;
    }
    process.stdout.write((json ? neutralJson(entry) : renderText({ blocks: entryBlocks(entry, lang) })) + '\n');
    return 0;
  }
  const counts = coverage(kb);
  if (json) {
    process.stdout.write(neutralJson({ ok: true, ...counts }) + '\n');
    return 0;
  }
  const lines = [
    fill(S.ok[lang], { entries: counts.entries, files: counts.files }),
    fill(S.sections[lang], { cited: counts.sectionsCited, total: counts.sections }),
    ...Object.entries(counts.perChapter).map(([ch, n]) => fill(S.chapter[lang], { chapter: ch, count: n })),
    fill(S.extras[lang], { aliases: counts.aliases, contradictions: counts.contradictions, commands: counts.withCommand, synonyms: counts.synonymGroups }),
    fill(S.runbooks[lang], { runbooks: counts.runbooks, steps: counts.runbookSteps, checks: counts.runbookChecks }),
  ];
  if (counts.uncitedSections.length) lines.push(fill(S.uncited[lang], { list: counts.uncitedSections.join(', ') }));
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
