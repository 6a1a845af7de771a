import { namesInstance } from '../commands/instance-id.js';
import { askStrings } from '../i18n/ask.js';
import { bwStrings } from '../i18n/bw.js';
import { canswapStrings } from '../i18n/canswap.js';
import { instanceStrings } from '../i18n/instance.js';
import { ptrStrings } from '../i18n/ptr.js';
import { subnetStrings } from '../i18n/subnet.js';
import { triageStrings } from '../i18n/triage.js';
import type { CommandDef } from './command-def.js';

/**
 * What dispatch knows of a command before running one: its name, its help texts, whether its tokens read live
 * infrastructure, and how to load it. A call imports only its own command's modules (issue #18: `bw` never
 * loads the search, the cloud SDKs or the other commands); the registry (registry.ts) loads them all.
 */
export interface CommandEntry {
  name: string;
  strings: CommandDef['strings'];
  /** The same function as the def's own (see CommandDef.readsInfrastructure), known without loading it. */
  readsInfrastructure?(tokens: readonly string[]): boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogeneous list; each def is typed on its own
  load(): Promise<CommandDef<any, any>>;
}

/** Every command the CLI, the console and Slack offer, in the order help lists them. */
export const COMMAND_ENTRIES: readonly CommandEntry[] = [
  { name: 'ask', strings: askStrings, load: async () => (await import('./defs/ask.js')).askDef },
  { name: 'bw', strings: bwStrings, load: async () => (await import('./defs/bw.js')).bwDef },
  { name: 'canswap', strings: canswapStrings, readsInfrastructure: namesInstance, load: async () => (await import('./defs/canswap.js')).canswapDef },
  { name: 'subnet', strings: subnetStrings, load: async () => (await import('./defs/subnet.js')).subnetDef },
  { name: 'ptr', strings: ptrStrings, load: async () => (await import('./defs/ptr.js')).ptrDef },
  { name: 'instance', strings: instanceStrings, readsInfrastructure: () => true, load: async () => (await import('./defs/instance.js')).instanceDef },
  { name: 'triage', strings: triageStrings, readsInfrastructure: namesInstance, load: async () => (await import('./defs/triage.js')).triageDef },
];

export function findEntry(name: string): CommandEntry | undefined {
  return COMMAND_ENTRIES.find((c) => c.name === name);
}
