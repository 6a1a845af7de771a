import { parseCanswap, runCanswap, type CanswapArgs, type CanswapResult } from '../../commands/canswap.js';
import { canswapStrings } from '../../i18n/canswap.js';
import { canswapDoc, canswapJson } from '../../render/canswap.js';
import { namesInstance } from '../../commands/instance-id.js';
import type { CommandDef } from '../command-def.js';

export const canswapDef: CommandDef<CanswapArgs, CanswapResult> = {
  name: 'canswap',
  strings: canswapStrings,
  parse: parseCanswap,
  run: runCanswap,
  json: canswapJson,
  doc: canswapDoc,
  // `canswap i-…` fills the facts from the ECS API; the typed forms read nothing live.
  readsInfrastructure: namesInstance,
  // With an instance id the facts come from the ECS API: the slow lane.
  lane: (args) => (args.target ? 'slow' : 'quick'),
};
