import { parseTriage, runTriage, type CommandRunner, type TriageArgs, type TriageResult } from '../../commands/triage.js';
import type { Services } from '../../commands/types.js';
import { triageStrings } from '../../i18n/triage.js';
import { triageDoc, triageJson } from '../../render/triage.js';
import { namesInstance } from '../../commands/instance-id.js';
import type { CommandDef } from '../command-def.js';

/**
 * A runbook step that runs a command (e.g. "ptr {publicIpAddress}") goes through dispatch like any other
 * invocation. Imported when first needed: dispatch imports the registry, which imports this file.
 */
const runnerFor = (services: Services): CommandRunner => async (command, tokens, lang) => {
  const { dispatch } = await import('../dispatch.js');
  return dispatch({ command, tokens, lang }, services);
};

export const triageDef: CommandDef<TriageArgs, TriageResult> = {
  name: 'triage',
  strings: triageStrings,
  parse: parseTriage,
  run: (args, services) => runTriage(args, services, runnerFor(services)),
  json: triageJson,
  doc: triageDoc,
  // With an instance id the checks read its live facts; a runbook alone reads nothing live.
  readsInfrastructure: namesInstance,
  // With an instance the steps read the ECS API: the slow lane; the runbook alone is quick.
  lane: (args) => (args.target ? 'slow' : 'quick'),
};
