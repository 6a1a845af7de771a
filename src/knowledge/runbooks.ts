import { Ruleset } from '../rules/engine.js';
import type { RulesetSpec } from '../rules/schema.js';
import type { Problem } from './errors.js';
import { COMMAND_NAMES, INSTANCE_VERDICTS } from './names.js';
import type { Runbook, RunbookCheck, SecurityGroupScope } from './schema.js';

/** A runbook as loaded: its file, and its fact checks compiled as one ruleset over the instance's facts. */
export interface LoadedRunbook extends Runbook {
  file: string;
  /** The fact checks of its steps, as checks `step-<n>` (1-based) of a ruleset over rules/instance.yaml's facts. */
  rules: Ruleset;
}

/** Commands a runbook step may run (the registry's names; a test holds the two lists together). */
export const RUNBOOK_COMMANDS: readonly string[] = COMMAND_NAMES.map((c) => c.replace(/^\/ecs-/, ''));

export const stepCheckId = (index: number) => `step-${index + 1}`;

export const isFactCheck = (c: RunbookCheck): c is Extract<RunbookCheck, { fact: string }> => 'fact' in c;
export const isVerdictCheck = (c: RunbookCheck): c is Extract<RunbookCheck, { verdict: string }> => 'verdict' in c;
export const isCommandCheck = (c: RunbookCheck): c is Extract<RunbookCheck, { command: string }> => 'command' in c;
export const isSecurityGroupCheck = (c: RunbookCheck): c is Extract<RunbookCheck, { securityGroup: string }> => 'securityGroup' in c;

/** The security-group scopes a runbook checks. */
export const securityGroupScopes = (runbook: Pick<LoadedRunbook, 'steps'>): SecurityGroupScope[] =>
  runbook.steps.flatMap((s) => (s.check && isSecurityGroupCheck(s.check) ? [s.check.securityGroup] : []));

/** The {name} placeholders of a command template. */
export const placeholdersOf = (template: string): string[] => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

/** CEL words that are not facts: literals, macros, functions, methods, and the engine's own variables. */
const CEL_WORDS = new Set([
  'true', 'false', 'null', 'in', 'has', 'size', 'int', 'uint', 'double', 'string', 'bool', 'bytes', 'type', 'dyn', 'list', 'map',
  'contains', 'startsWith', 'endsWith', 'matches', 'exists', 'all', 'exists_one', 'filter', 'params', 'known',
]);

/** The identifiers an expression names, outside string literals and not after a dot (those are fields or methods). */
export function identifiersOf(expr: string): string[] {
  const bare = expr.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
  return [...new Set([...bare.matchAll(/(?<![\w.])[A-Za-z_]\w*/g)].map((m) => m[0]).filter((w) => !CEL_WORDS.has(w)))];
}

/**
 * Checks one runbook against the rest of the knowledge base and compiles its fact checks: every problem is
 * reported with the file, the runbook and the step, as for entries.
 */
export function compileRunbook(
  runbook: Runbook,
  file: string,
  ctx: { sections: ReadonlyMap<string, string>; instance: Ruleset | undefined; rules: ReadonlyMap<string, Ruleset> },
  problems: Problem[],
): LoadedRunbook {
  const facts = ctx.instance?.spec.facts ?? {};
  const report = (step: number, message: string) => problems.push({ file, entry: runbook.id, message: `step ${step + 1}: ${message}` });
  const checks: RulesetSpec['checks'] = [];
  runbook.steps.forEach((step, i) => {
    if (!ctx.sections.has(step.section)) report(i, `section "${step.section}" is not in sections.yaml`);
    const check = step.check;
    if (!check) return;
    if (isFactCheck(check)) {
      if (!ctx.instance) return report(i, 'fact checks need rules/instance.yaml (the instance ruleset), which is missing');
      const names = identifiersOf(check.fact);
      if (!names.length) return report(i, `fact check "${check.fact}" names no fact (the facts are those of rules/instance.yaml)`);
      const unknown = names.filter((n) => !Object.hasOwn(facts, n));
      if (unknown.length) {
        return report(i, `unknown fact ${unknown.map((n) => `"${n}"`).join(', ')} in "${check.fact}" (the facts are those of rules/instance.yaml)`);
      }
      checks.push({
        id: stepCheckId(i),
        needs: names,
        expr: check.fact,
        severity: 'error',
        source: { section: step.section },
        entries: [],
        pass: check.pass,
        fail: check.fail,
        // Unknown means a fact the expression needs is missing; triage words that itself.
        unknown: { zh: '—', en: '—' },
      });
    } else if (isVerdictCheck(check)) {
      if (!(INSTANCE_VERDICTS as readonly string[]).includes(check.verdict)) {
        report(i, `verdict "${check.verdict}" does not exist (the instance command's verdicts: ${INSTANCE_VERDICTS.join(', ')})`);
      } else if (!ctx.rules.has(check.verdict)) {
        report(i, `verdict "${check.verdict}" has no ruleset in rules/`);
      }
    } else if (isSecurityGroupCheck(check)) {
      const ports = check.ports ?? [];
      if (new Set(ports).size !== ports.length) report(i, `security-group check lists a port twice (${ports.join(', ')})`);
    } else {
      const name = check.command.trim().split(/\s+/)[0] ?? '';
      if (!RUNBOOK_COMMANDS.includes(name)) report(i, `command "${name}" does not exist (commands: ${RUNBOOK_COMMANDS.join(', ')})`);
      if (name === 'triage') report(i, 'a runbook step cannot run triage itself');
      for (const p of placeholdersOf(check.command)) {
        if (!Object.hasOwn(facts, p)) report(i, `command "${check.command}" uses unknown fact "{${p}}" (the facts are those of rules/instance.yaml)`);
      }
    }
  });
  const spec: RulesetSpec = {
    ruleset: `runbook-${runbook.id}`,
    title: runbook.title,
    facts,
    params: ctx.instance?.spec.params ?? {},
    derive: {},
    checks,
    alternatives: [],
    notes: [],
  };
  const rules = new Ruleset(spec, ctx.sections);
  for (const message of rules.compile()) {
    const step = /^check\.step-(\d+)/.exec(message);
    problems.push({ file, entry: runbook.id, message: step ? `step ${step[1]}: fact check: ${message.replace(/^check\.step-\d+(\.applies)?: /, '')}` : message });
  }
  return { ...runbook, file, rules };
}
