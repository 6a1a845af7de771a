import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Store } from './types.js';

/**
 * The installation's secret (issue #16), kept OUTSIDE the database: anyone who can read the database file
 * must not be able to re-identify askers by hashing the member list. From NETBOT_HASH_SALT, or a 0600 file
 * (NETBOT_HASH_SALT_FILE, by default next to the SQLite file) created on first start.
 */
export type SaltSource = { kind: 'env'; value: string } | { kind: 'file'; path: string };
export const MIN_SALT_LENGTH = 32;

/** The salt does not fit the records already written, or cannot be had: the start stops with this message. */
export class SaltError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SaltError';
  }
}

const LEGACY_KEY = 'user_salt';
const FINGERPRINT_KEY = 'salt_fingerprint';
const RESET_HINT =
  "To start new hashes on purpose (old records then no longer link to their askers), delete the fingerprint: DELETE FROM meta WHERE key = 'salt_fingerprint'.";

const describe = (source: SaltSource) => (source.kind === 'env' ? 'NETBOT_HASH_SALT' : `the salt file ${source.path}`);
const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text);

/** Keyed operations with the salt: the user hash, the fingerprint the database keeps, sealing thread facts. */
export class Keyring {
  private readonly sealKey: Buffer;

  constructor(private readonly salt: string) {
    this.sealKey = hmac(salt, 'ecs-netbot seal v1').digest();
  }

  /** A user id as stored: the same as earlier versions computed, so records from before the move still link. */
  hashUser(user: string): string {
    return hmac(this.salt, user).digest('hex').slice(0, 32);
  }

  /** Names the salt without revealing it: what the database keeps to notice a changed salt. */
  fingerprint(): string {
    return hmac(this.salt, 'ecs-netbot salt fingerprint v1').digest('hex');
  }

  /** A value the store must keep usable but unreadable without the salt (AES-256-GCM, random nonce). */
  seal(value: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, iv);
    const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** The sealed value, or undefined when it was sealed with another salt or altered. */
  unseal(sealed: string): string | undefined {
    try {
      const raw = Buffer.from(sealed, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', this.sealKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}

function readSaltFile(path: string, warn: (msg: string) => void): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SaltError(`could not read the salt file ${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}).`);
  }
  if (text.length < MIN_SALT_LENGTH) throw new SaltError(`the salt file ${path} holds fewer than ${MIN_SALT_LENGTH} characters: restore it, or delete it if nothing was recorded yet.`);
  if (statSync(path).mode & 0o077) warn(`the salt file ${path} can be read by other users: chmod 600 ${path}`);
  return text;
}

/** Writes a salt to a new file, readable by this user only; another process creating it first wins. */
function writeSaltFile(path: string, salt: string, warn: (msg: string) => void): string {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, salt + '\n', { flag: 'wx', mode: 0o600 });
    chmodSync(path, 0o600); // whatever the umask
    return salt;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return readSaltFile(path, warn)!;
    throw new SaltError(`could not create the salt file ${path} (${code ?? 'unwritable'}): set NETBOT_HASH_SALT_FILE to a writable path, or NETBOT_HASH_SALT.`);
  }
}

/**
 * The installation's Keyring, once the store is open. The first start after an upgrade moves the salt earlier
 * versions kept in the database out (to the file, or checks it against NETBOT_HASH_SALT), then removes it from
 * the database; every start checks the salt against the fingerprint the database keeps and stops (SaltError)
 * when it differs: hashes made with another salt would split every asker in two without a word.
 */
export async function openKeyring(store: Pick<Store, 'meta' | 'metaOnce' | 'deleteMeta'>, source: SaltSource, warn: (msg: string) => void): Promise<Keyring> {
  const [fingerprint, legacy] = [await store.meta(FINGERPRINT_KEY), await store.meta(LEGACY_KEY)];
  const configured = source.kind === 'env' ? source.value : readSaltFile(source.path, warn);
  let salt: string;
  if (legacy !== undefined && fingerprint === undefined) {
    if (configured !== undefined && configured !== legacy) {
      throw new SaltError(
        `this database still holds the salt earlier versions kept inside it, and ${describe(source)} holds another one. ` +
          `Start once with neither NETBOT_HASH_SALT set nor that file present: the salt is moved out of the database into the file (NETBOT_HASH_SALT_FILE or its default), and can then be copied where you like.`,
      );
    }
    salt = configured ?? writeSaltFile((source as { path: string }).path, legacy, warn);
  } else if (configured !== undefined) {
    salt = configured;
  } else if (fingerprint !== undefined || source.kind === 'env') {
    throw new SaltError(`${describe(source)} is missing, but this database has records hashed with a salt: restore it. ${RESET_HINT}`);
  } else {
    salt = writeSaltFile(source.path, randomBytes(32).toString('hex'), warn);
  }
  const keyring = new Keyring(salt);
  // Replicas starting together: the first fingerprint written is the one every other must match.
  const kept = await store.metaOnce(FINGERPRINT_KEY, keyring.fingerprint());
  if (kept !== keyring.fingerprint()) {
    throw new SaltError(`${describe(source)} is not the salt this database's records were hashed with (every replica needs the same one): restore the original. ${RESET_HINT}`);
  }
  if (legacy !== undefined) await store.deleteMeta(LEGACY_KEY);
  return keyring;
}
