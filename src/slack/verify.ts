import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's own window: a request more than five minutes old, or from more than five minutes ahead, is refused. */
export const MAX_SKEW_SECONDS = 5 * 60;

export type Verification = { ok: true; signature: string; timestamp: number } | { ok: false; reason: string };

/**
 * Checks a request as Slack signs it: v0=HMAC-SHA256(secret, "v0:<timestamp>:<raw body>"), compared in constant
 * time, with the timestamp within MAX_SKEW_SECONDS of now in either direction (Bolt's own check accepts any
 * future time). The reason is for the log and never contains the signature or the secret.
 */
export function verifySlackSignature(
  secret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  rawBody: Buffer,
  nowSeconds = Math.floor(Date.now() / 1000),
): Verification {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp) return { ok: false, reason: 'missing signature headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed timestamp' };
  if (Math.abs(nowSeconds - Number(timestamp)) > MAX_SKEW_SECONDS) return { ok: false, reason: 'timestamp outside the 5-minute window' };
  const expected = Buffer.from('v0=' + createHmac('sha256', secret).update(`v0:${timestamp}:`).update(rawBody).digest('hex'));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature mismatch' };
  return { ok: true, signature, timestamp: Number(timestamp) };
}
