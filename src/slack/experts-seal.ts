import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The experts' flow carries state through Slack and the store, and must trust none of it blindly:
 * - a button's value is signed (HMAC-SHA256), so a value that was altered or made up is refused;
 * - the asker's thread (channel and ts) is kept in the store sealed (AES-256-GCM), so the store holds no
 *   raw Slack id (README: only salted hashes of user ids).
 * Both keys are derived from the bot token: every replica has it, nothing else needs to be configured, and
 * rotating the token only retires old buttons and routes (an expert's reply to an old post is then kept as a
 * candidate but cannot be passed on).
 */
const MAC_CHARS = 22; // 128 bits of the HMAC, base64url

export class ExpertsSeal {
  private readonly macKey: Buffer;
  private readonly sealKey: Buffer;

  constructor(botToken: string) {
    this.macKey = Buffer.from(hkdfSync('sha256', botToken, 'ecs-netbot', 'experts button v1', 32));
    this.sealKey = Buffer.from(hkdfSync('sha256', botToken, 'ecs-netbot', 'experts origin v1', 32));
  }

  private mac(text: string): string {
    return createHmac('sha256', this.macKey).update(text).digest('base64url').slice(0, MAC_CHARS);
  }

  /** `text` with its signature in front (fixed length, so the text may contain anything). */
  sign(text: string): string {
    return this.mac(text) + text;
  }

  /** The signed text, or undefined when the signature does not match. */
  verify(value: string): string | undefined {
    if (value.length <= MAC_CHARS) return undefined;
    const given = Buffer.from(value.slice(0, MAC_CHARS));
    const text = value.slice(MAC_CHARS);
    const expected = Buffer.from(this.mac(text));
    return given.length === expected.length && timingSafeEqual(given, expected) ? text : undefined;
  }

  /** Encrypts and authenticates: iv (12 bytes) · tag (16) · ciphertext, base64url. */
  seal(text: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, iv);
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** The sealed text, or undefined when it was sealed with another key or altered. */
  unseal(sealed: string): string | undefined {
    const raw = Buffer.from(sealed, 'base64url');
    if (raw.length < 28) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.sealKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}
