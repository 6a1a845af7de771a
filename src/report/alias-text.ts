import type { YAMLSeq } from 'yaml';
import { yaml } from './yaml-lib.js';

/** How the knowledge files are written: what parseDocument → toString must reproduce byte for byte. */
export const YAML_OPTIONS = { lineWidth: 0, flowCollectionPadding: false } as const;

// Controls and bidi formatting characters have no place in a knowledge file (see util/neutralize.ts), nor
// do invisible ones (zero-width space, word joiner, BOM, soft hyphen, tags): those are dropped from the word.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const ZERO_WIDTH = /\p{Default_Ignorable_Code_Point}/gu;

/** A question as an alias: one line, no control or invisible characters, trimmed; '' when nothing is left. */
export function cleanAlias(text: string): string {
  return text.replace(INVISIBLE, ' ').replace(ZERO_WIDTH, '').replace(/\s+/g, ' ').trim();
}

/** One item of a flow sequence (`[a, "b: c"]`), quoted only when YAML needs it, as the yaml package writes it. */
export function aliasItem(text: string): string {
  const doc = new (yaml().Document)([text]);
  (doc.contents as YAMLSeq).flow = true;
  return doc.toString(YAML_OPTIONS).trim().slice(1, -1);
}
