import { createRequire } from 'node:module';
import type * as Cel from '@marcbachmann/cel-js';
import { humanAge } from '../i18n/age.js';
import { fill, type Bilingual, type Lang } from '../i18n/lang.js';
import type { ParamValue, RuleSource, RulesetSpec } from './schema.js';

export type FactValue = string | number | boolean;
export type Facts = Record<string, FactValue | undefined>;

export interface ResolvedSource {
  section?: string;
  sectionTitle?: string;
  external?: string;
}

export interface CheckOutcome {
  id: string;
  /** true passed, false failed, null unknown because a fact it needs is missing. */
  pass: boolean | null;
  severity: 'error' | 'warning' | 'info';
  message: Bilingual;
  source: ResolvedSource;
  entries: string[];
  /** The facts the check needed but did not get. */
  missing: string[];
}

export interface AlternativeOutcome {
  id: string;
  message: Bilingual;
  source: ResolvedSource;
  entries: string[];
}

export interface Verdict {
  ruleset: string;
  /** True only when every applicable error-severity check passed (none failed, none unknown). */
  eligible: boolean;
  checks: CheckOutcome[];
  alternatives: AlternativeOutcome[];
  notes: AlternativeOutcome[];
  derived: Record<string, FactValue | undefined>;
}

/** What one value of a fact nobody gave would make of the verdict (see the `cases` of a fact). */
export interface Scenario {
  fact: string;
  label: Bilingual;
  value: FactValue;
  /** true eligible, false not, null still undecided (other facts are missing too). */
  eligible: boolean | null;
}

/**
 * The verdict in three states: true when eligible, false when an error-severity check failed, null when
 * none failed but one it needs is unknown.
 */
export function eligibility(verdict: Pick<Verdict, 'eligible' | 'checks'>): boolean | null {
  if (verdict.eligible) return true;
  return verdict.checks.some((c) => c.severity === 'error' && c.pass === false) ? false : null;
}

type Compiled = (context: Record<string, unknown>) => unknown;

// cel-js is loaded when a ruleset is first compiled (Node ≥ 20.19 requires ES modules): `ask`, help and a
// start that runs no rule never load it (issue #18).
const require = createRequire(import.meta.url);
let cel: typeof Cel | undefined;
const celJs = (): typeof Cel => (cel ??= require('@marcbachmann/cel-js') as typeof Cel);

/** Turns CEL results (BigInt for ints) into plain JS values. */
function plain(value: unknown): FactValue {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return String(value);
}

/** A fact as messages (and runbook commands) show it: numbers to three decimals, lists comma-separated. */
export function formatValue(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Math.round(value * 1000) / 1000);
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

/**
 * One ruleset from knowledge/rules, compiled once: its CEL expressions are parsed and type-checked against
 * the declared facts at load time, so a broken rule stops the program at start instead of misjudging later.
 */
export class Ruleset {
  readonly id: string;
  readonly params: Record<string, ParamValue>;
  private readonly compiled = new Map<string, Compiled>();
  // Rules from the validated cache are compiled when first run (knowledge/cached.ts): a call compiles only its own.
  private compiledOnce = false;

  constructor(
    readonly spec: RulesetSpec,
    private readonly sections: ReadonlyMap<string, string>,
  ) {
    this.id = spec.ruleset;
    this.params = Object.fromEntries(Object.entries(spec.params).map(([k, p]) => [k, p.value]));
  }

  /**
   * Parses and type-checks every expression; returns problems instead of throwing. `check: false` only parses
   * (a ruleset from the validated cache, compiled when first run: it was type-checked when it was validated,
   * and cel-js evaluates a parsed expression the same way whether or not it was checked).
   */
  compile({ check = true }: { check?: boolean } = {}): string[] {
    this.compiledOnce = true;
    this.compiled.clear();
    const problems: string[] = [];
    const env = new (celJs().Environment)({ limits: { maxAstNodes: 2000, maxDepth: 50 } });
    for (const [name, fact] of Object.entries(this.spec.facts)) env.registerVariable(name, fact.type);
    env.registerVariable('params', 'map');
    // known.<fact> tells whether a fact was given, so a rule can speak to what is missing.
    env.registerVariable('known', 'map');
    const derivedNames = Object.keys(this.spec.derive);
    for (const name of derivedNames) env.registerVariable(name, 'dyn');
    const add = (key: string, expr: string, needs: string[]) => {
      for (const fact of needs) {
        if (!(fact in this.spec.facts) && !derivedNames.includes(fact)) problems.push(`${key}: needs unknown fact "${fact}"`);
      }
      try {
        const checked = check ? env.check(expr) : { valid: true };
        if (!checked.valid) {
          problems.push(`${key}: ${String(checked.error?.message ?? checked.error).split('\n')[0]}`);
          return;
        }
        this.compiled.set(key, env.parse(expr) as unknown as Compiled);
      } catch (error) {
        problems.push(`${key}: ${(error as Error).message.split('\n')[0]}`);
      }
    };
    for (const [name, d] of Object.entries(this.spec.derive)) add(`derive.${name}`, d.expr, d.needs);
    for (const c of this.spec.checks) {
      add(`check.${c.id}`, c.expr, c.needs);
      if (c.applies) add(`check.${c.id}.applies`, c.applies, []);
    }
    for (const a of this.spec.alternatives) add(`alternative.${a.id}`, a.when, a.needs);
    for (const n of this.spec.notes) add(`note.${n.id}`, n.when, n.needs);
    for (const [name, fact] of Object.entries(this.spec.facts)) {
      (fact.cases ?? []).forEach((c, i) => add(`fact.${name}.case.${i}`, c.expr, []));
    }
    for (const source of [...this.spec.checks, ...this.spec.alternatives, ...this.spec.notes].map((x) => x.source)) {
      if ('section' in source && !this.sections.has(source.section)) problems.push(`source section "${source.section}" is not in sections.yaml`);
    }
    return problems;
  }

  resolveSource(source: RuleSource): ResolvedSource {
    if ('external' in source) return { external: source.external };
    return { section: source.section, sectionTitle: this.sections.get(source.section) ?? '' };
  }

  /** A message with the values filled in, each language on its own (a fact with `format: minutes` reads "7 d 7 h" / "7天7小时"). */
  private fillMessage(message: Bilingual, values: Record<string, unknown>): Bilingual {
    const vars = (lang: Lang) =>
      Object.fromEntries(
        Object.entries(values).map(([k, v]) => [k, this.spec.facts[k]?.format === 'minutes' && typeof v === 'number' ? humanAge(v, lang) : formatValue(v)]),
      );
    return { zh: fill(message.zh, vars('zh')), en: fill(message.en, vars('en')) };
  }

  private run(key: string, context: Record<string, unknown>): FactValue | undefined {
    if (!this.compiledOnce) this.compile({ check: false });
    const fn = this.compiled.get(key);
    if (!fn) throw new Error(`rule ${this.id}/${key} was not compiled`);
    try {
      return plain(fn(context));
    } catch {
      // A missing optional fact (or a value of the wrong kind) makes the result unknown, not an error.
      return undefined;
    }
  }

  /**
   * For an undecided verdict: each fact that an unknown error-severity check is missing, and that declares
   * `cases`, evaluated at each of its cases (the other facts as given). Empty when the verdict is decided.
   */
  whatIf(input: Facts, verdict: Verdict = this.evaluate(input)): Scenario[] {
    if (eligibility(verdict) !== null) return [];
    const missing = [...new Set(verdict.checks.filter((c) => c.severity === 'error' && c.pass === null).flatMap((c) => c.missing))];
    const scenarios: Scenario[] = [];
    const context = { params: this.params };
    for (const fact of missing) {
      (this.spec.facts[fact]?.cases ?? []).forEach((c, i) => {
        const value = this.run(`fact.${fact}.case.${i}`, context);
        if (value === undefined) return;
        const outcome = this.evaluate({ ...input, [fact]: value });
        scenarios.push({ fact, label: this.fillMessage(c.label, { ...this.params, ...input, [fact]: value }), value, eligible: eligibility(outcome) });
      });
    }
    return scenarios;
  }

  evaluate(input: Facts): Verdict {
    const facts = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && !(typeof v === 'number' && !Number.isFinite(v))));
    const has = (name: string) => name in facts;
    const known = Object.fromEntries(Object.keys(this.spec.facts).map((name) => [name, has(name)]));
    const context: Record<string, unknown> = { ...facts, params: this.params, known };
    const derived: Record<string, FactValue | undefined> = {};
    for (const [name, d] of Object.entries(this.spec.derive)) {
      derived[name] = d.needs.every(has) ? this.run(`derive.${name}`, context) : undefined;
      if (derived[name] !== undefined) context[name] = derived[name];
    }
    const values: Record<string, unknown> = { ...this.params, ...facts, ...derived };
    const render = (msg: Bilingual): Bilingual => this.fillMessage(msg, values);

    const checks: CheckOutcome[] = [];
    for (const c of this.spec.checks) {
      if (c.applies && this.run(`check.${c.id}.applies`, context) === false) continue;
      const missing = c.needs.filter((n) => !has(n) && derived[n] === undefined);
      const result = missing.length ? undefined : this.run(`check.${c.id}`, context);
      const pass = result === undefined ? null : result === true;
      checks.push({
        id: c.id,
        pass,
        severity: c.severity,
        message: render(pass === null ? c.unknown : pass ? c.pass : c.fail),
        source: this.resolveSource(c.source),
        entries: c.entries,
        missing,
      });
    }
    const eligible = checks.every((c) => c.severity !== 'error' || c.pass === true);
    const offered = (kind: 'alternative' | 'note', list: RulesetSpec['notes']): AlternativeOutcome[] =>
      list
        .filter((a) => a.needs.every((n) => has(n) || derived[n] !== undefined) && this.run(`${kind}.${a.id}`, context) === true)
        .map((a) => ({ id: a.id, message: render(a.message), source: this.resolveSource(a.source), entries: a.entries }));
    const alternatives = eligible ? [] : offered('alternative', this.spec.alternatives);
    return { ruleset: this.id, eligible, checks, alternatives, notes: offered('note', this.spec.notes), derived };
  }
}
