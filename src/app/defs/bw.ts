import { parseBw, runBw, type BwArgs, type BwResult } from '../../commands/bw.js';
import { bwStrings } from '../../i18n/bw.js';
import { bwDoc, bwJson } from '../../render/bw.js';
import type { CommandDef } from '../command-def.js';

export const bwDef: CommandDef<BwArgs, BwResult> = {
  name: 'bw',
  strings: bwStrings,
  parse: parseBw,
  run: runBw,
  json: bwJson,
  doc: bwDoc,
};
