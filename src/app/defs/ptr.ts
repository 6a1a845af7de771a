import { parsePtr, runPtr, type PtrArgs, type PtrResult } from '../../commands/ptr.js';
import { ptrStrings } from '../../i18n/ptr.js';
import { ptrDoc, ptrJson } from '../../render/ptr.js';
import type { CommandDef } from '../command-def.js';

export const ptrDef: CommandDef<PtrArgs, PtrResult> = {
  name: 'ptr',
  strings: ptrStrings,
  parse: parsePtr,
  run: runPtr,
  json: ptrJson,
  doc: ptrDoc,
  // A live DNS lookup: an outside call, in the slow lane.
  lane: () => 'slow',
};
