import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KnowledgeError, loadKnowledge } from '../../src/knowledge/load.js';
import { knowledgeDir } from '../../src/knowledge/paths.js';

const dirs: string[] = [];
function copyKnowledge(): string {
  const dir = mkdtempSync(join(tmpdir(), 'netbot-kb-'));
  cpSync(knowledgeDir(), dir, { recursive: true });
  dirs.push(dir);
  return dir;
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function problemsOf(dir: string): string {
  try {
    loadKnowledge(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(KnowledgeError);
    return (error as Error).message;
  }
  throw new Error('expected the knowledge base to be rejected');
}

const ENTRIES = 'entries/09-faq.yaml';

describe('loadKnowledge', () => {
  it('loads the real knowledge base with every chapter covered', () => {
    const kb = loadKnowledge();
    expect(kb.entries.length).toBeGreaterThan(150);
    const chapters = new Set(kb.entries.map((e) => e.section.split('.')[0]));
    expect([...chapters].sort()).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(kb.byId.get('faq-reverse-dns-one-domain-per-ip')?.section).toBe('9');
    expect(kb.rules.has('canswap')).toBe(true);
    expect(kb.rules.has('bandwidth')).toBe(true);
  });

  it('records the contradictions the issue names', () => {
    const kb = loadKnowledge();
    const withContradiction = kb.entries.filter((e) => e.contradiction).map((e) => e.id);
    expect(withContradiction).toContain('eni-same-vpc-zone-vswitch');
    expect(withContradiction).toContain('ipv6-multiple-addresses-per-instance');
  });

  it('reports a duplicate id with both files', () => {
    const dir = copyKnowledge();
    const path = join(dir, ENTRIES);
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.replace('id: faq-what-is-bgp-datacenter', 'id: faq-wan-vs-lan'));
    expect(problemsOf(dir)).toMatch(/09-faq\.yaml \[faq-wan-vs-lan\]: duplicate id/);
  });

  it('reports a missing language with the entry and the field', () => {
    const dir = copyKnowledge();
    const path = join(dir, ENTRIES);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/(id: faq-wan-vs-lan[\s\S]*?question:\n\s+zh: [^\n]*\n)\s+en: [^\n]*\n/, '$1'));
    expect(problemsOf(dir)).toMatch(/\[faq-wan-vs-lan\]: question\.en: /);
  });

  it('reports a dangling related id', () => {
    const dir = copyKnowledge();
    const path = join(dir, ENTRIES);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/related: \[/, 'related: [no-such-entry, '));
    expect(problemsOf(dir)).toMatch(/related id "no-such-entry" does not exist/);
  });

  it('reports a section title that does not match the guide', () => {
    const dir = copyKnowledge();
    const path = join(dir, ENTRIES);
    writeFileSync(path, readFileSync(path, 'utf8').replace('sectionTitle: 网络FAQ', 'sectionTitle: 网络常见问题'));
    expect(problemsOf(dir)).toMatch(/does not match section 9 "网络FAQ"/);
  });

  it('reports YAML that does not parse, naming the file', () => {
    const dir = copyKnowledge();
    writeFileSync(join(dir, 'synonyms.yaml'), 'groups: [ { canonical: eip, terms: [a, b }\n');
    expect(problemsOf(dir)).toMatch(/synonyms\.yaml: cannot read or parse/);
  });

  it('refuses a rule whose FAQ entry no longer states its number (rule and FAQ must agree)', () => {
    const dir = copyKnowledge();
    const path = join(dir, 'rules/bandwidth.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/maxOutboundMbps:\n(\s+)value: 200/, 'maxOutboundMbps:\n$1value: 300'));
    expect(problemsOf(dir)).toMatch(/param maxOutboundMbps = 300 but entry "faq-bandwidth-outbound-max" does not state it/);
  });

  it('refuses a rule expression that does not type-check', () => {
    const dir = copyKnowledge();
    const path = join(dir, 'rules/canswap.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('expr: \'status == "stopped"\'', "expr: 'status == 1'"));
    expect(problemsOf(dir)).toMatch(/rules\/canswap\.yaml \[canswap\]: check\.instance-stopped: .*overload/);
  });
});
