import type { KnowledgeFiles } from './assemble.js';
import type { Entry } from './schema.js';

/**
 * The entries part of the knowledge cache (cache.ts): synonyms, out-of-scope, features, aspects, qualifiers,
 * and the entries, each of which is parsed only when asked for (issue #18: `ask` looks at a dozen of the 210
 * entries; parsing all of them cost each call ~10 ms and a few MB).
 */
export type EntriesPart = Pick<KnowledgeFiles, 'synonyms' | 'outOfScope' | 'features' | 'aspects' | 'qualifiers'> & {
  /** Every entry's file and id, in the order of the files. */
  index: Array<{ file: string; id: string }>;
  /** The i-th entry of the index. */
  entry(i: number): Entry;
};

/** From the validated files. */
export function entriesPartOf({ synonyms, outOfScope, features, aspects, qualifiers, entryFiles }: KnowledgeFiles): EntriesPart {
  const entries = entryFiles.flatMap(({ entries: list }) => list);
  const index = entryFiles.flatMap(({ file, entries: list }) => list.map(({ id }) => ({ file, id })));
  return { synonyms, outOfScope, features, aspects, qualifiers, index, entry: (i) => entries[i]! };
}

const FORMAT = 2;
type Header = Omit<EntriesPart, 'index' | 'entry'> & { format: typeof FORMAT; index: Array<[file: string, id: string]> };

/** The file: a header line (the other parts and the index), then one line of JSON per entry. */
export function encodeEntriesPart(files: KnowledgeFiles): string {
  const { index, entry, ...parts } = entriesPartOf(files);
  const header: Header = { format: FORMAT, ...parts, index: index.map(({ file, id }) => [file, id]) };
  // JSON.stringify writes no line break (one inside a string is written \n): each value is one line.
  return [JSON.stringify(header), ...index.map((_, i) => JSON.stringify(entry(i)))].join('\n') + '\n';
}

/** The part from its file (hash-checked by the caller); a cache written before the entries had lines of their own is one JSON object. */
export function decodeEntriesPart(bytes: Buffer): EntriesPart {
  const firstBreak = bytes.indexOf(10);
  const header = JSON.parse(bytes.toString('utf8', 0, firstBreak < 0 ? bytes.length : firstBreak)) as Header | (KnowledgeFiles & { format?: undefined });
  if (header.format !== FORMAT) return entriesPartOf(header as KnowledgeFiles);
  const { format: _format, index, ...parts } = header;
  const starts: number[] = [];
  for (let at = firstBreak + 1; starts.length < index.length; at = bytes.indexOf(10, at) + 1) starts.push(at);
  const parsed: Entry[] = [];
  return {
    ...parts,
    index: index.map(([file, id]) => ({ file, id })),
    entry: (i) => (parsed[i] ??= JSON.parse(bytes.toString('utf8', starts[i]!, bytes.indexOf(10, starts[i]!))) as Entry),
  };
}
