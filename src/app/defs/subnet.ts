import { parseSubnet, runSubnet, type SubnetArgs, type SubnetResult } from '../../commands/subnet.js';
import { subnetStrings } from '../../i18n/subnet.js';
import { subnetDoc, subnetJson } from '../../render/subnet.js';
import type { CommandDef } from '../command-def.js';

export const subnetDef: CommandDef<SubnetArgs, SubnetResult> = {
  name: 'subnet',
  strings: subnetStrings,
  parse: parseSubnet,
  run: runSubnet,
  json: subnetJson,
  doc: subnetDoc,
};
