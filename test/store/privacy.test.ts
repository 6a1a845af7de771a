import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { Keyring, SaltError, type SaltSource } from '../../src/store/keyring.js';
import { defaultSaltFile, recordSettings } from '../../src/store/open.js';
import { Recorder } from '../../src/store/recorder.js';
import { scrubText } from '../../src/store/scrub.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { askedQuestion, silentLogger } from '../support/recorder.js';

/**
 * Issue #16, privacy by default: what reaches the database has no Slack or instance id in it, and the salt
 * that keys the user hashes lives outside it (moved out of it on upgrade), checked at every start.
 */
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const HOSTILE = 'Hi <@U012AB3CD|alice> and <@W0123ABCD>, in <#C012AB3CD|netops> (<!subteam^S012AB3CD|@oncall>): i-bp67acfmxazb4ph7ts1q has eni-bp1abcdef0123456 in vpc-bp1opxu1zkhn00gzv26cq, see https://x.slack.com/archives/C0987ZYXW/p1700000000 or ask U0456DEFGH';
const IDS = /U012AB3CD|W0123ABCD|C012AB3CD|S012AB3CD|bp67acfmxazb4ph7ts1q|bp1abcdef0123456|bp1opxu1zkhn00gzv26cq|C0987ZYXW|U0456DEFGH|alice|oncall/;

function place(): { dir: string; db: string; saltFile: string; salt: SaltSource } {
  const dir = mkdtempSync(join(tmpdir(), 'netbot-privacy-'));
  dirs.push(dir);
  const saltFile = join(dir, 'netbot.salt');
  return { dir, db: join(dir, 'netbot.db'), saltFile, salt: { kind: 'file', path: saltFile } };
}

const recorder = (db: string, salt: SaltSource) => new Recorder(new SqliteStore(db), { record: true, retentionDays: 90, unhealthyAfterMs: 60_000, logger: silentLogger, salt });

const question = (id: string, text: string) => askedQuestion(id, { text });

/** Every text value in every table of the SQLite file, and the file's bytes (the WAL checkpointed first). */
function everything(db: string): string {
  const d = new Database(db);
  try {
    d.pragma('wal_checkpoint(TRUNCATE)');
    const tables = (d.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    return tables.map((t) => JSON.stringify(d.prepare(`SELECT * FROM ${t}`).all())).join('\n');
  } finally {
    d.close();
  }
}

describe('scrubbing ids out of what is stored', () => {
  it('mentions, channels, groups, bare ids and resource ids become placeholders; the question stays readable', () => {
    expect(scrubText(HOSTILE)).toBe(
      'Hi <@user> and <@user>, in <#channel> (<!subteam>): i-… has eni-… in vpc-…, see https://x.slack.com/archives/#channel/p1700000000 or ask @user',
    );
    expect(scrubText('5M带宽入网多少 10.0.0.0/16 分成 8 个子网 PTR 1.2.3.4 CIDR UDP VPC multi-queue')).toBe('5M带宽入网多少 10.0.0.0/16 分成 8 个子网 PTR 1.2.3.4 CIDR UDP VPC multi-queue');
  });

  it('a question, a 👎 note and a thread written through the Recorder reach the database without any id', async () => {
    const p = place();
    const rec = recorder(p.db, p.salt);
    await rec.start();
    rec.question(question('q1', HOSTILE), 'U012AB3CD');
    rec.vote({ at: new Date(), questionId: 'q1', entryId: 'e1', vote: 'down', note: HOSTILE }, 'U012AB3CD');
    rec.reason({ questionId: 'q1', entryId: 'e1', reason: 'wrong', note: HOSTILE }, 'U012AB3CD');
    await rec.stop();
    const stored = everything(p.db);
    expect(stored).toContain('<@user>');
    expect(stored).not.toMatch(IDS);
  });
});

describe('the salt, outside the database', () => {
  it('is made on first start in a 0600 file; the database keeps only its fingerprint', async () => {
    const p = place();
    const rec = recorder(p.db, p.salt);
    await rec.start();
    rec.question(question('q1', 'what is an EIP'), 'U0ALICE');
    await rec.stop();
    expect(statSync(p.saltFile).mode & 0o777).toBe(0o600);
    const salt = readFileSync(p.saltFile, 'utf8').trim();
    expect(salt).toMatch(/^[0-9a-f]{64}$/);
    const stored = everything(p.db);
    expect(stored).not.toContain(salt);
    expect(stored).toContain(new Keyring(salt).fingerprint());
    expect(stored).toContain(new Keyring(salt).hashUser('U0ALICE'));
    // The next start reads it back: same hashes.
    const again = recorder(p.db, p.salt);
    await again.start();
    expect(again.hashOf('U0ALICE')).toBe(new Keyring(salt).hashUser('U0ALICE'));
    await again.stop();
  });

  it('an install whose salt is in the database: moved out once (hashes unchanged), records scrubbed, threads dropped', async () => {
    const p = place();
    const legacy = 'ab'.repeat(32);
    const old = new SqliteStore(p.db);
    await old.open();
    await old.metaOnce('user_salt', legacy);
    const oldHash = createHmac('sha256', legacy).update('U0ALICE').digest('hex').slice(0, 32);
    await old.recordQuestion({ ...question('q-old', HOSTILE), userHash: oldHash });
    await old.putThread('t', JSON.stringify({ text: HOSTILE, instanceId: 'i-bp67acfmxazb4ph7ts1q' }), new Date());
    await old.close();

    const rec = recorder(p.db, p.salt);
    await rec.start();
    expect(readFileSync(p.saltFile, 'utf8').trim()).toBe(legacy);
    expect(statSync(p.saltFile).mode & 0o777).toBe(0o600);
    expect(rec.hashOf('U0ALICE')).toBe(oldHash);
    const { questions } = await rec.rowsSince(new Date(0));
    expect(questions[0]).toMatchObject({ id: 'q-old', userHash: oldHash });
    await rec.stop();
    const stored = everything(p.db);
    expect(stored).not.toContain(legacy);
    expect(stored).not.toMatch(IDS);
  });

  it('a changed salt stops the start with a clear message; so does a missing one; so does a too-short file', async () => {
    const p = place();
    const first = recorder(p.db, p.salt);
    await first.start();
    await first.stop();
    const original = readFileSync(p.saltFile, 'utf8');

    writeFileSync(p.saltFile, 'cd'.repeat(32));
    const changed = await recorder(p.db, p.salt).start().catch((e: unknown) => e);
    expect(changed).toBeInstanceOf(SaltError);
    expect((changed as Error).message).toMatch(/is not the salt this database's records were hashed with.*DELETE FROM meta WHERE key = 'salt_fingerprint'/);
    expect((changed as Error).message).not.toContain('cd'.repeat(16));

    const envChanged = await recorder(p.db, { kind: 'env', value: 'ef'.repeat(32) }).start().catch((e: unknown) => e);
    expect((envChanged as Error).message).toMatch(/^NETBOT_HASH_SALT is not the salt/);

    rmSync(p.saltFile);
    const missing = await recorder(p.db, p.salt).start().catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(SaltError);
    expect((missing as Error).message).toMatch(/netbot\.salt is missing, but this database has records hashed with a salt: restore it/);
    expect(existsSync(p.saltFile)).toBe(false); // not quietly replaced

    writeFileSync(p.saltFile, 'short');
    expect(((await recorder(p.db, p.salt).start().catch((e: unknown) => e)) as Error).message).toMatch(/fewer than 32 characters/);

    writeFileSync(p.saltFile, original, { mode: 0o600 });
    const restored = recorder(p.db, p.salt);
    await restored.start();
    await restored.stop();
  });

  it('NETBOT_HASH_SALT that differs from the salt still in an old database: a clear message, nothing moved', async () => {
    const p = place();
    const old = new SqliteStore(p.db);
    await old.open();
    await old.metaOnce('user_salt', 'ab'.repeat(32));
    await old.close();
    const error = await recorder(p.db, { kind: 'env', value: 'ef'.repeat(32) }).start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SaltError);
    expect((error as Error).message).toMatch(/still holds the salt earlier versions kept inside it, and NETBOT_HASH_SALT holds another one/);
    expect(everything(p.db)).toContain('ab'.repeat(32));
  });

  it('settings: NETBOT_HASH_SALT (32+ characters, never echoed), else NETBOT_HASH_SALT_FILE, else beside the database', () => {
    expect(recordSettings({ NETBOT_HASH_SALT: 'x'.repeat(32) })).toMatchObject({ salt: { kind: 'env', value: 'x'.repeat(32) } });
    expect(recordSettings({ NETBOT_HASH_SALT: 'tooShortSecret' })).toEqual({ problem: expect.stringMatching(/^NETBOT_HASH_SALT must be at least 32 characters/) });
    expect(JSON.stringify(recordSettings({ NETBOT_HASH_SALT: 'tooShortSecret' }))).not.toContain('tooShortSecret');
    expect(recordSettings({ NETBOT_HASH_SALT_FILE: '/run/secrets/netbot-salt' })).toMatchObject({ salt: { kind: 'file', path: '/run/secrets/netbot-salt' } });
    expect(defaultSaltFile({ NETBOT_DB: '/srv/netbot/data.db' })).toBe('/srv/netbot/netbot.salt');
    expect(defaultSaltFile({ DATABASE_URL: 'postgres://db/netbot', XDG_CONFIG_HOME: '/home/bot/.config' })).toBe('/home/bot/.config/ecs-netbot/hash-salt');
  });
});

describe('sealed values', () => {
  it('round-trip with the same salt, and are unreadable with another', () => {
    const sealed = new Keyring('ab'.repeat(32)).seal('i-bp67acfmxazb4ph7ts1q');
    expect(sealed).not.toContain('bp67');
    expect(new Keyring('ab'.repeat(32)).unseal(sealed)).toBe('i-bp67acfmxazb4ph7ts1q');
    expect(new Keyring('cd'.repeat(32)).unseal(sealed)).toBeUndefined();
  });
});
