import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import type { Document, YAMLMap, YAMLSeq } from 'yaml';
import { yaml } from './yaml-lib.js';
import type { Lang } from '../i18n/lang.js';
import { normalize } from '../search/synonyms.js';
import { aliasItem, cleanAlias, YAML_OPTIONS } from './alias-text.js';
import type { AliasSuggestion } from './build.js';
import { candidateFileName, type Candidate } from './candidates.js';

/** Where the knowledge folder sits in the repository: the patch's paths start here (git apply, patch -p1). */
export const KNOWLEDGE_PREFIX = 'knowledge';

/** Aliases to add: entry id → language → texts. */
export type Wanted = Map<string, Map<Lang, string[]>>;

/** The aliases to add, per entry and language, each once. */
function wanted(suggestions: readonly Pick<AliasSuggestion, 'entry' | 'lang' | 'question'>[]): Wanted {
  const out: Wanted = new Map();
  for (const s of suggestions) {
    const text = cleanAlias(s.question);
    if (!text) continue;
    const byLang = out.get(s.entry) ?? new Map<Lang, string[]>();
    const list = byLang.get(s.lang) ?? [];
    if (!list.some((t) => sameAlias(t, text))) list.push(text);
    byLang.set(s.lang, list);
    out.set(s.entry, byLang);
  }
  return out;
}

const sameAlias = (a: string, b: string) => normalize(a).trim() === normalize(b).trim();

interface Edit {
  seq: YAMLSeq;
  texts: string[];
}

/** The alias sequences of the file's entries that get new items, with the items (those not already there). */
function editsOf(doc: Document, want: Wanted): Edit[] {
  const entries = doc.get('entries');
  if (!yaml().isSeq(entries)) return [];
  const edits: Edit[] = [];
  for (const item of entries.items) {
    if (!yaml().isMap(item)) continue;
    const byLang = want.get(String(item.get('id')));
    const aliases = item.get('aliases');
    if (!byLang || !yaml().isMap(aliases)) continue;
    for (const [lang, texts] of byLang) {
      const seq = (aliases as YAMLMap).get(lang);
      if (!yaml().isSeq(seq)) continue;
      const present = seq.items.map((node) => String((node as { value?: unknown }).value ?? node));
      const fresh = texts.filter((t) => !present.some((p) => sameAlias(p, t)));
      if (fresh.length) edits.push({ seq, texts: fresh });
    }
  }
  return edits;
}

/**
 * The same edit as a splice of the source text, for a file the yaml package would not write back byte for
 * byte: the new items go just before a flow sequence's "]", or as new "- item" lines after a block sequence.
 */
function spliceText(source: string, edits: Edit[]): string {
  const splices = edits.map(({ seq, texts }) => {
    const end = seq.range![1];
    const last = seq.items[seq.items.length - 1] as { range?: [number, number, number] } | undefined;
    if (seq.flow) {
      // Right after the last item (before any spaces and the "]"), or inside an empty "[]".
      const at = last?.range ? last.range[1] : source.lastIndexOf(']', end - 1);
      return { at, text: (last ? ', ' : '') + texts.map(aliasItem).join(', ') };
    }
    const lineStart = source.lastIndexOf('\n', (last?.range?.[0] ?? seq.range![0]) - 1) + 1;
    const indent = /^[ ]*/.exec(source.slice(lineStart))![0];
    const lineEnd = source.indexOf('\n', last?.range?.[1] ?? end);
    const at = lineEnd === -1 ? source.length : lineEnd;
    return { at, text: texts.map((t) => `\n${indent}- ${aliasItem(t)}`).join('') };
  });
  let out = source;
  for (const s of splices.sort((a, b) => b.at - a.at)) out = out.slice(0, s.at) + s.text + out.slice(s.at);
  return out;
}

/** The file with the aliases added, touching only the lines of the sequences that change. */
export function addAliases(source: string, want: Wanted): string {
  const doc = yaml().parseDocument(source, { keepSourceTokens: false });
  if (doc.errors.length) throw new Error(doc.errors[0]!.message);
  const edits = editsOf(doc, want);
  if (!edits.length) return source;
  // The Document API keeps comments and flow style, but only a file it reproduces exactly may be rewritten by it.
  if (doc.toString(YAML_OPTIONS) !== source) return spliceText(source, edits);
  for (const { seq, texts } of edits) for (const text of texts) seq.add(doc.createNode(text));
  return doc.toString(YAML_OPTIONS);
}

/**
 * A unified diff adding each suggested alias to its entry's `aliases.<lang>` in knowledge/entries/*.yaml,
 * paths relative to the repository root (a/knowledge/entries/05-eni.yaml), so `git apply` or `patch -p1`
 * applies it; '' when there is nothing to add.
 */
export function aliasPatch(suggestions: readonly Pick<AliasSuggestion, 'entry' | 'lang' | 'question'>[], kbDir: string): string {
  const want = wanted(suggestions);
  return want.size ? entriesPatch(kbDir, (_name, source) => addAliases(source, want)) : '';
}

/**
 * The experts' candidates (see candidates.ts) as one patch: their aliases added like the report's, their
 * drafts appended to the end of their files; '' when there is nothing to change.
 */
export function candidatePatch(candidates: readonly Candidate[], kbDir: string): string {
  const want = wanted(candidates.filter((c) => c.kind === 'alias').map((c) => ({ entry: c.entry, lang: c.lang, question: c.question })));
  const drafts = candidates.filter((c) => c.kind === 'entry');
  if (!want.size && !drafts.length) return '';
  return entriesPatch(kbDir, (name, source) => {
    const mine = drafts.filter((d) => candidateFileName(d) === name).map((d) => d.yaml);
    const withAliases = want.size ? addAliases(source, want) : source;
    if (!mine.length) return withAliases;
    return withAliases.replace(/\n*$/, '\n') + mine.map((yaml) => `\n${yaml.replace(/\n*$/, '\n')}`).join('');
  });
}

/** A unified diff of every entries file that `change` changes, paths from the repository root. */
function entriesPatch(kbDir: string, change: (name: string, source: string) => string): string {
  const names = readdirSync(join(kbDir, 'entries')).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
  const patches: string[] = [];
  for (const name of names) {
    const source = readFileSync(join(kbDir, 'entries', name), 'utf8');
    const changed = change(name, source);
    if (changed === source) continue;
    const path = `${KNOWLEDGE_PREFIX}/entries/${name}`;
    patches.push(createTwoFilesPatch(`a/${path}`, `b/${path}`, source, changed, undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY }));
  }
  return patches.join('');
}
