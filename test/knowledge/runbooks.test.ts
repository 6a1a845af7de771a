/**
 * Runbooks (knowledge/runbooks): the real ones load and cite what exists; a bad file is refused at load,
 * naming the file, the runbook and the problem, exactly as a bad entry is. Also the vocabulary shared by the
 * instance command, the verdict rulesets and the runbooks' fact checks.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/app/registry.js';
import { instanceRuleFacts } from '../../src/commands/instance-facts.js';
import { KnowledgeError, loadKnowledge } from '../../src/knowledge/load.js';
import { knowledgeDir, packageRoot } from '../../src/knowledge/paths.js';
import { identifiersOf, isCommandCheck, isFactCheck, isSecurityGroupCheck, isVerdictCheck, RUNBOOK_COMMANDS } from '../../src/knowledge/runbooks.js';
import { COMMAND_NAMES, INSTANCE_VERDICTS } from '../../src/knowledge/schema.js';

const kb = loadKnowledge();

describe('the runbooks', () => {
  it('are the nine the issue names and the three of issue #15 ("a symptom gets its runbook"), each with phrasings in both languages and cited steps', () => {
    expect(kb.runbooks.map((r) => r.id).sort()).toEqual([
      'bandwidth-slow',
      'billed-while-stopped',
      'cannot-change-public-ip',
      'eni-no-ip-in-os',
      'inbound-200kbps',
      'intranet-unreachable',
      'ipv6-unreachable',
      'mail-rejected-ptr',
      'no-internet-access',
      'public-ip-not-in-os',
      'url-blocked',
      'website-unreachable',
    ]);
    for (const r of kb.runbooks) {
      expect(r.file).toBe(`runbooks/${r.id}.yaml`);
      expect(r.symptoms.zh.length, r.id).toBeGreaterThanOrEqual(6);
      expect(r.symptoms.en.length, r.id).toBeGreaterThanOrEqual(6);
      for (const step of r.steps) expect(kb.sections.has(step.section), `${r.id} §${step.section}`).toBe(true);
      expect(r.steps.some((s) => s.check), `${r.id} has a checkable step`).toBe(true);
    }
  });

  it('use every kind of check, each resolvable: facts of rules/instance.yaml, the instance verdicts, registered commands', () => {
    const checks = kb.runbooks.flatMap((r) => r.steps.flatMap((s) => (s.check ? [s.check] : [])));
    const facts = Object.keys(kb.rules.get('instance')!.spec.facts);
    expect(checks.filter(isFactCheck).length).toBeGreaterThan(10);
    for (const c of checks.filter(isFactCheck)) for (const name of identifiersOf(c.fact)) expect(facts).toContain(name);
    expect(checks.filter(isVerdictCheck).map((c) => c.verdict).sort()).toEqual(['canswap', 'convert-eip', 'eni', 'ipv6']);
    expect(checks.filter(isCommandCheck).map((c) => c.command).sort()).toEqual(['bw {publicBandwidthMbps}', 'bw {publicBandwidthMbps}', 'ptr {publicIpAddress}']);
  });

  it('check security groups where the guide points at them: Internet access both ways (§4.1), between groups (§2.3), IPv6 rules (§4.3.5)', () => {
    const found = kb.runbooks.flatMap((r) => r.steps.flatMap((s) => (s.check && isSecurityGroupCheck(s.check) ? [[r.id, s.section, s.check.securityGroup, s.check.ports ?? null]] : [])));
    expect(found.sort()).toEqual([
      ['intranet-unreachable', '2.3', 'intranet', null],
      ['ipv6-unreachable', '4.3.5', 'ipv6', [80, 443]],
      ['no-internet-access', '4.1', 'outbound', [80, 443]],
      ['website-unreachable', '4.1', 'internet', [80, 443]],
    ]);
  });

  it('kb check counts them (built CLI)', () => {
    const root = packageRoot();
    const out = JSON.parse(execFileSync(process.execPath, [join(root, 'bin/ecs-netbot.js'), 'kb', 'check', '--json'], { cwd: root, encoding: 'utf8', env: { ...process.env, NETBOT_CACHE_DIR: 'off' } }));
    expect(out).toMatchObject({ ok: true, runbooks: 12 });
    expect(out.runbookSteps).toBe(kb.runbooks.reduce((n, r) => n + r.steps.length, 0));
    const text = execFileSync(process.execPath, [join(root, 'bin/ecs-netbot.js'), 'kb', 'check'], { cwd: root, encoding: 'utf8', env: { ...process.env, NETBOT_CACHE_DIR: 'off', NETBOT_LANG: 'en' } });
    expect(text).toMatch(/12 runbooks with \d+ steps, \d+ of them checkable/);
  });
});

describe('one vocabulary of instance facts', () => {
  it('the command names entries and runbooks may use are the registry\'s commands', () => {
    expect([...COMMAND_NAMES].map((c) => c.slice('/ecs-'.length)).sort()).toEqual(COMMANDS.map((c) => c.name).sort());
    expect([...RUNBOOK_COMMANDS].sort()).toEqual(COMMANDS.map((c) => c.name).sort());
  });

  it('instanceRuleFacts produces only facts rules/instance.yaml declares, with their types', () => {
    const declared = kb.rules.get('instance')!.spec.facts;
    const facts = instanceRuleFacts(
      {
        instanceId: 'i-x00000000', regionId: 'cn-hangzhou', zoneId: 'cn-hangzhou-h', networkType: 'vpc', vpcId: 'vpc-1', vSwitchId: 'vsw-1', instanceType: 'ecs.g7.large',
        status: 'Stopped', stoppedMode: 'KeepCharging', instanceChargeType: 'PrePaid', internetChargeType: 'PayByTraffic', internetMaxBandwidthOut: 5,
        internetMaxBandwidthIn: 100, creationTime: '2026-11-30T08:00Z', expiredTime: '2026-12-30T08:00Z', operationLocks: ['security'], privateIps: ['172.16.0.10'],
        ipv6: ['2408::1'], enis: [{ id: 'eni-1', type: 'Primary', primaryIp: '172.16.0.10', privateIps: ['172.16.0.10'], ipv6: [] }],
        publicIp: { address: '47.96.10.20', kind: 'NatPublicIp' }, ioOptimized: true,
      },
      new Date('2026-12-01T08:00Z'),
    );
    const type = (v: unknown) => (typeof v === 'number' ? 'double' : typeof v === 'boolean' ? 'bool' : 'string');
    for (const [name, value] of Object.entries(facts)) {
      expect(declared[name], name).toBeDefined();
      expect(type(value), name).toBe(declared[name]!.type);
    }
    expect(Object.keys(facts).length).toBeGreaterThan(20);
  });

  it('every verdict ruleset reads facts of that vocabulary, with the same types', () => {
    const declared = kb.rules.get('instance')!.spec.facts;
    for (const id of INSTANCE_VERDICTS) {
      const ruleset = kb.rules.get(id);
      expect(ruleset, id).toBeDefined();
      for (const [name, fact] of Object.entries(ruleset!.spec.facts)) {
        expect(declared[name], `${id}.${name}`).toBeDefined();
        expect(fact.type, `${id}.${name}`).toBe(declared[name]!.type);
      }
    }
  });
});

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A copy of the knowledge folder with one runbook file added; the load's error message. */
function problemsWith(file: string, yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'netbot-runbooks-'));
  dirs.push(dir);
  cpSync(knowledgeDir(), dir, { recursive: true });
  writeFileSync(join(dir, 'runbooks', file), yaml);
  try {
    loadKnowledge(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(KnowledgeError);
    return (error as Error).message;
  }
  throw new Error('expected the knowledge base to be rejected');
}

const runbook = (steps: string, head = 'id: broken-one') => `${head}
title: { zh: 坏手册, en: A broken runbook }
symptoms:
  zh: [坏了一, 坏了二, 坏了三]
  en: [broken one, broken two, broken three]
steps:
${steps}`;
const step = (section: string, check = '') => `  - text: { zh: 一步, en: A step }
    section: "${section}"
${check}`;

describe('a bad runbook file is refused at load, naming file, runbook and problem', () => {
  it('a section that is not in sections.yaml', () => {
    expect(problemsWith('broken.yaml', runbook(step('9') + step('4.9')))).toMatch(/runbooks\/broken\.yaml \[broken-one\]: step 2: section "4\.9" is not in sections\.yaml/);
  });

  it('a command that does not exist, or a placeholder that is not a fact', () => {
    expect(problemsWith('broken.yaml', runbook(step('9', '    check: { command: "frobnicate {publicIpAddress}" }\n')))).toMatch(
      /runbooks\/broken\.yaml \[broken-one\]: step 1: command "frobnicate" does not exist \(commands: bw, subnet, ptr, canswap, ask, instance, triage\)/,
    );
    expect(problemsWith('broken.yaml', runbook(step('9', '    check: { command: "ptr {sendingIp}" }\n')))).toMatch(/step 1: command "ptr \{sendingIp\}" uses unknown fact "\{sendingIp\}"/);
  });

  it('a fact that does not exist, or an expression that does not type-check', () => {
    const fact = (expr: string) => `    check:\n      fact: '${expr}'\n      pass: { zh: 好, en: good }\n      fail: { zh: 坏, en: bad }\n`;
    expect(problemsWith('broken.yaml', runbook(step('2.1', fact('hasWebsite && status == "running"'))))).toMatch(
      /runbooks\/broken\.yaml \[broken-one\]: step 1: unknown fact "hasWebsite" in "hasWebsite && status == "running"" \(the facts are those of rules\/instance\.yaml\)/,
    );
    expect(problemsWith('broken.yaml', runbook(step('2.1', fact('status > 1.0'))))).toMatch(/\[broken-one\]: step 1: fact check: /);
    expect(problemsWith('broken.yaml', runbook(step('2.1', fact('true'))))).toMatch(/step 1: fact check "true" names no fact/);
  });

  it('a verdict that does not exist', () => {
    expect(problemsWith('broken.yaml', runbook(step('3.2', '    check: { verdict: swap-ip }\n')))).toMatch(
      /\[broken-one\]: step 1: verdict "swap-ip" does not exist \(the instance command's verdicts: canswap, convert-eip, private-ip, eni, ipv6\)/,
    );
  });

  it('a schema problem: a missing language, too few phrasings, no steps, an unknown field', () => {
    expect(problemsWith('broken.yaml', runbook(step('9')).replace('en: A broken runbook', 'xx: A broken runbook'))).toMatch(/runbooks\/broken\.yaml \[broken-one\]: title\.en: /);
    expect(problemsWith('broken.yaml', runbook(step('9')).replace('[broken one, broken two, broken three]', '[broken one]'))).toMatch(/\[broken-one\]: symptoms\.en: needs at least three phrasings/);
    expect(problemsWith('broken.yaml', runbook('  []\n'))).toMatch(/\[broken-one\]: steps: needs at least one step/);
    expect(problemsWith('broken.yaml', runbook(step('9', '    check: { verdict: canswap, extra: 1 }\n')))).toMatch(/runbooks\/broken\.yaml \[broken-one\]: steps\.0\.check: Unrecognized key: "extra"/);
    expect(problemsWith('broken.yaml', runbook(step('9', "    check: { fact: 'status == \"running\"', pass: { zh: 好, en: good } }\n")))).toMatch(/\[broken-one\]: steps\.0\.check\.fail: /);
    expect(problemsWith('broken.yaml', runbook(step('9', '    check: { run: ptr }\n')))).toMatch(/\[broken-one\]: steps\.0\.check: must be \{ fact, pass, fail \}, \{ verdict \}, \{ command \} or \{ securityGroup, ports\? \}/);
  });

  it('a word order that is not a regular expression', () => {
    expect(problemsWith('broken.yaml', runbook(step('9')).replace('steps:', 'wordOrder: ["访问不了(外网"]\nsteps:'))).toMatch(/\[broken-one\]: wordOrder\.0: must be a valid regular expression/);
  });

  it('a security-group check with an unknown scope, a port out of range, a word for a port, or a port twice', () => {
    expect(problemsWith('broken.yaml', runbook(step('4.1', '    check: { securityGroup: dmz }\n')))).toMatch(/\[broken-one\]: steps\.0\.check\.securityGroup: must be internet, intranet, ipv6 or outbound/);
    expect(problemsWith('broken.yaml', runbook(step('4.1', '    check: { securityGroup: internet, ports: [80, 70000] }\n')))).toMatch(/\[broken-one\]: steps\.0\.check\.ports\.1: a port is 1 to 65535/);
    expect(problemsWith('broken.yaml', runbook(step('4.1', '    check: { securityGroup: internet, ports: [http] }\n')))).toMatch(/steps\.0\.check\.ports\.0: .*must be a TCP port \(1 to 65535\) or "ping"/);
    expect(problemsWith('broken.yaml', runbook(step('4.1', '    check: { securityGroup: ipv6, ports: [443, 443] }\n')))).toMatch(/\[broken-one\]: step 1: security-group check lists a port twice \(443, 443\)/);
    expect(problemsWith('broken.yaml', runbook(step('4.1', '    check: { securityGroup: internet, port: 80 }\n')))).toMatch(/steps\.0\.check: Unrecognized key: "port"/);
  });

  it('a duplicate id names both files; unreadable YAML names the file', () => {
    expect(problemsWith('zz-copy.yaml', runbook(step('9'), 'id: url-blocked'))).toMatch(/runbooks\/zz-copy\.yaml \[url-blocked\]: duplicate runbook id \(first defined in runbooks\/url-blocked\.yaml\)/);
    expect(problemsWith('broken.yaml', 'id: [unclosed')).toMatch(/runbooks\/broken\.yaml: cannot read or parse/);
  });
});
