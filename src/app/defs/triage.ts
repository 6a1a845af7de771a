import { parseTriage, runTriage, type CommandRunner, type TriageArgs, type TriageResult } from '../../commands/triage.js';
import { triageStrings } from '../../i18n/triage.js';
import { stepOutcome, triageDoc, triageJson } from '../../render/triage.js';
import { namesInstance } from '../../commands/instance-id.js';
import type { CommandDef } from '../command-def.js';
import type { Dispatch } from '../invocation.js';

/** A runbook step that runs a command (e.g. "ptr {publicIpAddress}") goes through dispatch like any other invocation. */
const runnerFor = (dispatch: Dispatch): CommandRunner => async (command, tokens, lang, line) => {
  const reply = await dispatch({ command, tokens, lang });
  return { ...stepOutcome(reply, line, lang), json: reply.json };
};

export const triageDef: CommandDef<TriageArgs, TriageResult> = {
  name: 'triage',
  strings: triageStrings,
  parse: parseTriage,
  run: (args, services, dispatch) => runTriage(args, services, runnerFor(dispatch)),
  json: triageJson,
  doc: triageDoc,
  // With an instance id the checks read its live facts; a runbook alone reads nothing live.
  readsInfrastructure: namesInstance,
  // With an instance the steps read the ECS API: the slow lane; the runbook alone is quick.
  lane: (args) => (args.target ? 'slow' : 'quick'),
};
