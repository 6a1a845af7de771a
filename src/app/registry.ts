import type { CommandDef } from './command-def.js';
import { askDef } from './defs/ask.js';
import { bwDef } from './defs/bw.js';
import { canswapDef } from './defs/canswap.js';
import { subnetDef } from './defs/subnet.js';
import { ptrDef } from './defs/ptr.js';
import { instanceDef } from './defs/instance.js';
import { triageDef } from './defs/triage.js';

/** Every command the CLI, the console and Slack offer, in the order help lists them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogeneous list; each def is typed on its own
export const COMMANDS: readonly CommandDef<any, any>[] = [askDef, bwDef, canswapDef, subnetDef, ptrDef, instanceDef, triageDef];

export function findCommand(name: string) {
  return COMMANDS.find((c) => c.name === name);
}
