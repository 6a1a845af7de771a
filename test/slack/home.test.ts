import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness } from './harness.js';

/**
 * Issue #18: the App Home tab, through the real receiver and a fake Slack, follows each person's Slack language
 * (users.info `locale`, falling back to NETBOT_LANG) and lists the instance lookups only to the people
 * NETBOT_TRIAGE_ALLOW lists.
 */
const ADMIN = 'U0ADMIN';
const ZH_USER = 'U0ZHANG';
const EN_USER = 'U0EMMA';
const JA_USER = 'U0JUNKO';
const NO_LOCALE = 'U0NOLOC';
let h: Harness;
let tick = 0;

beforeAll(async () => {
  h = new Harness({ NETBOT_TRIAGE_ALLOW: ADMIN, NETBOT_LANG: 'zh' });
  await h.start();
  h.fake.locales.set(ADMIN, 'en-GB');
  h.fake.locales.set(ZH_USER, 'zh-CN');
  h.fake.locales.set(EN_USER, 'en-US');
  h.fake.locales.set(JA_USER, 'ja-JP');
}, 60_000); // a start loads the knowledge and the search: slow on a busy machine, and not what is tested

afterAll(async () => {
  await h?.stop();
});

/** Opens the Home tab as `user`; the text of the view published for them (the latest one). */
async function openHome(user: string): Promise<string> {
  const before = h.fake.callsTo('views.publish').filter((c) => c.args.user_id === user).length;
  await h.event({ type: 'app_home_opened', user, channel: `D0${user}`, tab: 'home', ts: `1720000000.${String(++tick).padStart(6, '0')}` });
  await h.fake.waitFor(() => h.fake.callsTo('views.publish').filter((c) => c.args.user_id === user).length > before || undefined);
  const calls = h.fake.callsTo('views.publish').filter((c) => c.args.user_id === user);
  return JSON.stringify((calls.at(-1)!.args.view as { blocks: unknown[] }).blocks);
}

describe('App Home: language', () => {
  it("is in Chinese for a user whose Slack is in Chinese, asking users.info for the locale", async () => {
    const text = await openHome(ZH_USER);
    expect(text).toContain('斜杠命令');
    expect(text).not.toContain('Slash commands');
    const info = h.fake.callsTo('users.info').find((c) => c.args.user === ZH_USER)!;
    expect(String(info.args.include_locale)).toBe('true');
  });

  it('is in English for a user whose Slack is in English, although NETBOT_LANG is zh', async () => {
    const text = await openHome(EN_USER);
    expect(text).toContain('Slash commands');
    expect(text).not.toContain('斜杠命令');
  });

  it('falls back to NETBOT_LANG for a locale without strings, or none', async () => {
    expect(await openHome(JA_USER)).toContain('斜杠命令');
    expect(await openHome(NO_LOCALE)).toContain('斜杠命令');
  });

  it('opens in NETBOT_LANG without waiting when users.info hangs: its own short timeout, asked once (issue #18)', async () => {
    const user = 'U0SLOWAPI';
    h.fake.locales.set(user, 'en-US');
    let asked = 0;
    h.fake.fault = (kind, name) => (kind === 'api' && name === 'users.info' && ++asked ? { hang: true } : undefined);
    try {
      // The bot's own Web API client would wait 10 s three times over; the Home tab is published well before.
      expect(await openHome(user)).toContain('斜杠命令');
      expect(asked).toBe(1);
      // A users.info past its short timeout says nothing about answers reaching Slack: /healthz stays ok.
      expect(await (await fetch(`${h.base}/healthz`)).json()).toMatchObject({ ok: true, webApi: 'ok' });
    } finally {
      h.fake.fault = undefined;
    }
  });

  it('falls back to NETBOT_LANG when users.info fails (e.g. the scope is not granted yet), and still publishes', async () => {
    h.fake.failNext('users.info', 'missing_scope');
    expect(await openHome('U0NEWBIE')).toContain('斜杠命令');
  });
});

describe('App Home: permissions', () => {
  it('lists every command, instance lookups included, to a user NETBOT_TRIAGE_ALLOW lists', async () => {
    const text = await openHome(ADMIN);
    for (const name of ['ask', 'bw', 'subnet', 'ptr', 'canswap', 'instance', 'triage']) expect(text).toContain(`/ecs-${name}`);
    expect(text).toContain('/ecs-instance i-bp67acfmxazb4ph7ts1q --region cn-hangzhou');
    expect(text).not.toContain('NETBOT_TRIAGE_ALLOW');
  });

  it('shows anyone else no instance lookups, and says who may', async () => {
    const text = await openHome(EN_USER);
    for (const name of ['ask', 'bw', 'subnet', 'ptr', 'canswap', 'triage']) expect(text).toContain(`/ecs-${name}`);
    expect(text).not.toContain('/ecs-instance i-');
    expect(text).not.toMatch(/i-bp67acfmxazb4ph7ts1q/);
    expect(text).toContain('NETBOT_TRIAGE_ALLOW');
  });

  it('never shows a --server example, which Slack refuses', async () => {
    for (const user of [ADMIN, EN_USER]) expect(await openHome(user)).not.toContain('--server');
  });
});
