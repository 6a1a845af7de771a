import type { CommandDef } from './command-def.js';
import { COMMAND_ENTRIES } from './command-index.js';

/**
 * Every command, loaded (for the tests); dispatch and the Home tab use the index and load only the one run
 * (command-index.ts), in the same order.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogeneous list; each def is typed on its own
export const COMMANDS: readonly CommandDef<any, any>[] = await Promise.all(COMMAND_ENTRIES.map((entry) => entry.load()));

export function findCommand(name: string) {
  return COMMANDS.find((c) => c.name === name);
}
