import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/app/registry.js';
import { testServices } from '../support/services.js';
import { parseCanswap, runCanswap } from '../../src/commands/canswap.js';
import { isAllowed, mayReadInfrastructure } from '../../src/slack/access.js';
import { loadConfig, type SlackConfig } from '../../src/slack/config.js';
import { canswapModal, readMetadata, readSubmission } from '../../src/slack/canswap-modal.js';
import { SeenSet } from '../../src/store/seen-set.js';
import { homeView, slashExample } from '../../src/slack/home.js';
import { stripMention } from '../../src/slack/listeners/events.js';
import { decodeShare, encodeShare, langOf, type SharePayload } from '../../src/slack/reply.js';

describe('SeenSet', () => {
  it('reports a key once within the TTL, again after it', () => {
    let now = 0;
    const seen = new SeenSet(1000, 100, () => now);
    expect(seen.firstTime('a')).toBe(true);
    expect(seen.firstTime('a')).toBe(false);
    now = 999;
    expect(seen.firstTime('a')).toBe(false);
    now = 1001;
    expect(seen.firstTime('a')).toBe(true);
  });

  it('stays bounded, dropping the oldest keys', () => {
    const seen = new SeenSet(60_000, 3, () => 0);
    for (const k of ['a', 'b', 'c', 'd']) seen.firstTime(k);
    expect(seen.size).toBe(3);
    expect(seen.firstTime('a')).toBe(true);
    expect(seen.firstTime('d')).toBe(false);
  });
});

describe('allow-lists', () => {
  const users = new Set(['U1']);
  const channels = new Set(['C1']);
  it.each([
    [{}, 'U9', 'C9', true],
    [{ allowedUsers: users }, 'U1', 'C9', true],
    [{ allowedUsers: users }, 'U9', 'C1', false],
    [{ allowedUsers: users }, undefined, 'C1', false],
    [{ allowedChannels: channels }, 'U9', 'C1', true],
    [{ allowedChannels: channels }, 'U9', 'C2', false],
    [{ allowedChannels: channels }, 'U9', undefined, true],
    [{ allowedUsers: users, allowedChannels: channels }, 'U1', 'C2', false],
  ] as const)('%o user=%s channel=%s → %s', (config, user, channel, expected) => {
    expect(isAllowed(config, user, channel)).toBe(expected);
  });
});

describe('instance facts (NETBOT_TRIAGE_ALLOW): typed entries, and always a user', () => {
  const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'abcdef0123456789abcdef0123456789', NETBOT_TRIAGE_ALLOW: 'U0ALICE,C0ONCALL,D0ALICEDM' }) as SlackConfig;
  it('splits the list by kind', () => {
    expect(config.triageAllow).toEqual({ users: new Set(['U0ALICE']), channels: new Set(['C0ONCALL', 'D0ALICEDM']) });
  });
  it.each([
    ['a listed user anywhere', 'U0ALICE', 'C0OTHER', true],
    ['anyone in a listed channel', 'U0BOB', 'C0ONCALL', true],
    ['anyone in a listed DM', 'U0BOB', 'D0ALICEDM', true],
    ['someone else in a DM not listed', 'U0BOB', 'D0BOBDM', false],
    ['a listed channel id given as the user', 'C0ONCALL', 'C0OTHER', false],
    ['a listed user id given as the channel', 'U0BOB', 'U0ALICE', false],
    ['no user, in a listed channel', undefined, 'C0ONCALL', false],
    ['no user, no channel', undefined, undefined, false],
  ] as const)('%s → %s', (_name, user, channel, expected) => {
    expect(mayReadInfrastructure(config, user, channel)).toBe(expected);
  });
});

describe('text helpers', () => {
  it('strips the bot mention wherever it is, and a leading mention when the bot id is unknown', () => {
    expect(stripMention('<@UBOT> how do I <@UBOT|netbot> x', 'UBOT')).toBe('how do I x');
    expect(stripMention('<@UBOT> hi <@U2>', undefined)).toBe('hi <@U2>');
  });

  it('picks zh for Han text, else the default', () => {
    expect(langOf('怎么申请', 'en')).toBe('zh');
    expect(langOf('how', 'zh')).toBe('zh');
    expect(langOf('how', 'en')).toBe('en');
    expect(langOf(undefined, 'en')).toBe('en');
  });

  it('share payloads round-trip and reject foreign or oversized values', () => {
    const payload: SharePayload = { kind: 'cmd', command: 'bw', tokens: ['5M'], lang: 'zh' };
    expect(decodeShare(encodeShare(payload))).toEqual(payload);
    expect(decodeShare('share')).toBeUndefined();
    expect(decodeShare('{"kind":"cmd","command":"bw","tokens":[1],"lang":"en"}')).toBeUndefined();
    expect(decodeShare('{not json')).toBeUndefined();
    expect(encodeShare({ kind: 'cmd', command: 'ask', tokens: ['x'.repeat(3000)], lang: 'en' })).toBeUndefined();
  });
});

describe('App Home', () => {
  it('turns CLI examples into slash commands', () => {
    expect(slashExample({ name: 'bw' }, 'ecs-netbot bw 5M --json')).toBe('/ecs-bw 5M');
    expect(slashExample({ name: 'ask' }, 'ecs-netbot ask "can an ENI be attached across zones" --top 5')).toBe('/ecs-ask can an ENI be attached across zones');
  });

  it('lists every registered command to a user allowed to read instances, in both languages, within Block Kit limits', () => {
    for (const lang of ['en', 'zh'] as const) {
      const view = homeView(lang, [], { infrastructure: true });
      expect(view.blocks.length).toBeLessThanOrEqual(50);
      const text = JSON.stringify(view.blocks);
      for (const def of COMMANDS) expect(text).toContain(`/ecs-${def.name}`);
      expect(text).not.toContain('--server'); // Slack refuses it: docs say the operator sets NETBOT_DNS_SERVER
      expect(text).toContain('/ecs-ptr 121.196.255.1');
    }
  });

  it('shows no instance lookups to anyone else', () => {
    for (const lang of ['en', 'zh'] as const) {
      const text = JSON.stringify(homeView(lang).blocks);
      expect(text).not.toContain('/ecs-instance i-');
      expect(text).not.toMatch(/\/ecs-(?:triage|canswap)[^"\\]*i-bp/);
      expect(text).toContain('/ecs-triage'); // a symptom alone needs no instance facts
      expect(text).toContain('NETBOT_TRIAGE_ALLOW');
    }
  });
});

describe('canswap modal', () => {
  const services = { now: () => new Date('2026-11-26T10:00:00Z') };
  const text = (value: string) => ({ value: { value } });
  const option = (value: string) => ({ value: { selected_option: { value } } });

  it('titles, labels and buttons fit Slack limits in both languages', () => {
    for (const lang of ['en', 'zh'] as const) {
      const view = canswapModal({ channel: 'C1', lang });
      expect(view.title.text.length).toBeLessThanOrEqual(24);
      expect(view.submit!.text.length).toBeLessThanOrEqual(24);
      expect(view.blocks.length).toBe(8);
    }
  });

  it('turns a submission into canswap tokens', () => {
    const values = { network: option('vpc'), age: text(' 2h '), swaps: text('1'), status: option('stopped'), publicIp: option('nat'), billing: option('postpaid') };
    expect(readSubmission(values, 'en', services)).toEqual({
      ok: true,
      tokens: ['--network', 'vpc', '--age', '2h', '--swaps', '1', '--status', 'stopped', '--public-ip', 'nat', '--billing', 'postpaid'],
    });
    expect(readSubmission({}, 'en', services)).toEqual({ ok: true, tokens: [] });
  });

  it.each([
    [{ age: text('soon') }, ['age']],
    [{ swaps: text('-1') }, ['swaps']],
    [{ swaps: text('1e3') }, ['swaps']],
    [{ created: text('yesterday') }, ['created']],
    [{ created: text('2027-01-01T00:00:00Z') }, ['created']],
    [{ age: text('2h'), created: text('2026-11-26T08:00:00Z') }, ['created']],
    [{ age: text('x'), swaps: text('y') }, ['age', 'swaps']],
  ])('%o → errors on %o', (values, fields) => {
    const result = readSubmission(values, 'zh', services);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(fields);
  });

  it('trusts only a well-formed channel id in private_metadata', () => {
    expect(readMetadata('{"channel":"C123","lang":"zh"}', 'en')).toEqual({ channel: 'C123', lang: 'zh' });
    expect(readMetadata('{"channel":"<!channel>","lang":"xx"}', 'en')).toEqual({ channel: undefined, lang: 'en' });
    expect(readMetadata('garbage', 'zh')).toEqual({ lang: 'zh' });
  });

  // The modal and the typed command must read the same facts the same way, and so reach the same verdict.
  const real = { ...testServices({}), now: services.now };
  const ctx = { lang: 'en' as const, langExplicit: true };
  it.each([
    ['every fact', { network: option('vpc'), age: text('2h'), swaps: text('1'), status: option('stopped'), publicIp: option('nat'), billing: option('postpaid') }, 'vpc 2h swaps=1 stopped nat postpaid', true],
    ['a classic instance', { network: option('classic'), age: text('7h'), publicIp: option('nat') }, 'classic 7h nat', false],
    ['Chinese words', { network: option('vpc'), swaps: text('2'), status: option('running'), billing: option('prepaid') }, '专有网络 换过2次 运行中 包年包月', false],
    ['a creation time', { created: text('2026-11-26T08:00:00Z'), publicIp: option('eip') }, 'created=2026-11-26T08:00:00Z eip', false],
    ['days and no public IP', { network: option('vpc'), age: text('3d'), publicIp: option('none') }, 'vpc 3d none', false],
  ])('agrees with the command parser on a real knowledge base: %s', async (_name, values, typed, eligible) => {
    const submission = readSubmission(values, 'en', services);
    expect(submission.ok).toBe(true);
    const fromModal = parseCanswap(submission.ok ? submission.tokens : [], ctx, services);
    const fromCommand = parseCanswap(typed.split(' '), ctx, services);
    expect(fromModal.ok && fromCommand.ok).toBe(true);
    if (!fromModal.ok || !fromCommand.ok) return;
    expect(fromModal.args).toEqual(fromCommand.args);
    expect(Object.keys(fromModal.args).length).toBeGreaterThanOrEqual(2);
    const [modalVerdict, commandVerdict] = await Promise.all([runCanswap(fromModal.args, real), runCanswap(fromCommand.args, real)]);
    expect(modalVerdict.verdict).toEqual(commandVerdict.verdict);
    expect(modalVerdict.verdict.eligible).toBe(eligible);
  });

  it.each([
    [{ age: text('soon') }, ['--age', 'soon']],
    [{ swaps: text('lots') }, ['--swaps', 'lots']],
    [{ created: text('yesterday') }, ['--created', 'yesterday']],
  ])('rejects what the command rejects, with its message: %o', (values, tokens) => {
    const submission = readSubmission(values, 'en', services);
    const typed = parseCanswap(tokens, ctx, services);
    expect(submission.ok || typed.ok).toBe(false);
    if (!submission.ok && !typed.ok) expect(Object.values(submission.errors)).toEqual([typed.error.message]);
  });
});

describe('manifest.yml', () => {
  it('declares one slash command per command in the registry, and no other', async () => {
    const { readFileSync } = await import('node:fs');
    const { parse } = await import('yaml');
    const { COMMANDS } = await import('../../src/app/registry.js');
    const manifest = parse(readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8')) as { features: { slash_commands: { command: string }[] } };
    const declared = manifest.features.slash_commands.map((c) => c.command).sort();
    expect(declared).toEqual(COMMANDS.map((c) => `/ecs-${c.name}`).sort());
  });

  it('names every slash command in its description (within Slack\'s 140 characters), and asks for users:read (the Home tab\'s language)', async () => {
    const { readFileSync } = await import('node:fs');
    const { parse } = await import('yaml');
    const manifest = parse(readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8')) as {
      display_information: { description: string; long_description: string };
      oauth_config: { scopes: { bot: string[] } };
    };
    const { description, long_description } = manifest.display_information;
    expect(description.length).toBeLessThanOrEqual(140);
    for (const def of COMMANDS) {
      expect(description).toContain(`/ecs-${def.name}`);
      expect(long_description).toContain(`/ecs-${def.name}`);
    }
    expect(manifest.oauth_config.scopes.bot).toContain('users:read');
  });
});
