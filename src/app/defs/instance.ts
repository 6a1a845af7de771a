import { parseInstance, runInstance, type InstanceArgs, type InstanceResult } from '../../commands/instance.js';
import { instanceStrings } from '../../i18n/instance.js';
import { instanceDoc, instanceJson } from '../../render/instance.js';
import type { CommandDef } from '../command-def.js';

export const instanceDef: CommandDef<InstanceArgs, InstanceResult> = {
  name: 'instance',
  strings: instanceStrings,
  parse: parseInstance,
  run: runInstance,
  json: instanceJson,
  doc: instanceDoc,
  // Every form reads an instance's facts (or is refused before it would).
  readsInfrastructure: () => true,
  // The ECS API: an outside call, in the slow lane.
  lane: () => 'slow',
};
