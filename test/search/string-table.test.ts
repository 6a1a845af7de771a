import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactNumbers, countsFor, TableCounts } from '../../src/search/pack.js';
import { StringTable } from '../../src/search/string-table.js';

/**
 * The index file's string tables and packed numbers (issue #18): a restored table finds exactly the strings a
 * Map of them would, in the same positions; numbers come back the same from the smallest array that holds them.
 */
const restored = (strings: string[]) => StringTable.restore(StringTable.from(strings).snapshot());

describe('StringTable', () => {
  it('finds every string at its position, and nothing else, as a Map of them would', () => {
    const strings = ['eip', 'elastic ip', '公网', '公网ip', '§分', '#10.0.0.0/8', 'w:ecs', '😀 ok', 'a', ''];
    for (const table of [StringTable.from(strings), restored(strings)]) {
      expect(table.size).toBe(strings.length);
      strings.forEach((s, i) => {
        expect(table.indexOf(s)).toBe(i);
        expect(table.at(i)).toBe(s);
      });
      for (const absent of ['EIP', 'ei', 'eipx', '公', '公网IP', ' ', '😀', '\ud83d']) expect(table.indexOf(absent)).toBe(-1);
      expect([...table]).toEqual(strings);
    }
  });

  it('agrees with a Map on random strings and look-ups', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ unit: 'binary', maxLength: 6 }), { maxLength: 40 }), fc.array(fc.string({ unit: 'binary', maxLength: 6 }), { maxLength: 20 }), (strings, probes) => {
        const map = new Map(strings.map((s, i) => [s, i]));
        const table = restored(strings);
        for (const probe of [...strings, ...probes]) expect(table.indexOf(probe)).toBe(map.get(probe) ?? -1);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses the same string twice, and a snapshot whose parts disagree', () => {
    expect(() => StringTable.from(['a', 'b', 'a'])).toThrow(/twice/);
    const snapshot = StringTable.from(['ab', 'c']).snapshot();
    expect(() => StringTable.restore({ ...snapshot, text: snapshot.text.subarray(1) })).toThrow(/damaged/);
  });
});

describe('packed numbers', () => {
  it('keeps whole numbers in the smallest unsigned array, anything else in a Float64Array, the values the same', () => {
    const cases: Array<[number[], string]> = [
      [[0, 1, 255], 'Uint8Array'],
      [[0, 256], 'Uint16Array'],
      [[65536, 3], 'Uint32Array'],
      [[2 ** 32], 'Float64Array'],
      [[1.5, 2], 'Float64Array'],
      [[-1], 'Float64Array'],
      [[-0], 'Float64Array'],
      [[], 'Uint8Array'],
    ];
    for (const [values, type] of cases) {
      const packed = compactNumbers(values);
      expect(packed.constructor.name, String(values)).toBe(type);
      expect(Array.from(packed)).toEqual(values);
    }
  });

  it('reads counts beside a table as the Map they came from: absent keys and zero counts are not there', () => {
    const table = StringTable.from(['a', 'b', 'c']);
    const counts = new Map([['c', 7], ['a', 1]]);
    const view = new TableCounts(table, countsFor(table, counts));
    expect([view.get('a'), view.get('b'), view.get('c'), view.get('d')]).toEqual([1, undefined, 7, undefined]);
    expect([view.has('a'), view.has('b'), view.has('d')]).toEqual([true, false, false]);
    expect(() => countsFor(table, new Map([['z', 1]]))).toThrow();
    expect(() => countsFor(table, new Map([['a', 0]]))).toThrow();
  });
});
