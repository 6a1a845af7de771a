import { describe, expect, it } from 'vitest';
import { decodeEntriesPart, encodeEntriesPart, entriesPartOf } from '../../src/knowledge/entries-part.js';
import { readKnowledgeFiles } from '../../src/knowledge/load.js';
import { knowledgeDir } from '../../src/knowledge/paths.js';

/**
 * The knowledge cache's entries part (issue #18): one entry a line, each parsed only when asked for; what it
 * gives back is what the validated files hold, and a cache written before (one JSON object) reads the same.
 */
const files = readKnowledgeFiles(knowledgeDir(), []);
const expected = entriesPartOf(files);
const all = (part: ReturnType<typeof entriesPartOf>) => part.index.map((_, i) => part.entry(i));

describe('the entries part of the knowledge cache', () => {
  it('gives back every entry, in order with its file, and the other parts', () => {
    const decoded = decodeEntriesPart(Buffer.from(encodeEntriesPart(files)));
    expect(decoded.index.length).toBeGreaterThan(200);
    expect(decoded.index).toEqual(expected.index);
    expect(all(decoded)).toEqual(files.entryFiles.flatMap((f) => f.entries));
    const { index: _i, entry: _e, ...parts } = decoded;
    const { index: _j, entry: _f, ...wanted } = expected;
    expect(parts).toEqual(wanted);
  });

  it('parses an entry only when asked for: a line nobody asks for is never read', () => {
    const lines = encodeEntriesPart(files).split('\n');
    lines[3] = '{ not JSON';
    const decoded = decodeEntriesPart(Buffer.from(lines.join('\n')));
    expect(decoded.entry(0).id).toBe(expected.index[0]!.id);
    expect(decoded.entry(5).id).toBe(expected.index[5]!.id);
    expect(() => decoded.entry(2)).toThrow(SyntaxError);
  });

  it('reads a part written as one JSON object (before issue #18) the same', () => {
    const { sections: _s, ruleFiles: _r, runbookFiles: _b, trainingFiles: _t, ...old } = files;
    const decoded = decodeEntriesPart(Buffer.from(JSON.stringify(old)));
    expect(decoded.index).toEqual(expected.index);
    expect(all(decoded)).toEqual(all(expected));
    expect(decoded.synonyms).toEqual(files.synonyms);
  });
});
