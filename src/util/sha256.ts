import { createRequire } from 'node:module';

/**
 * SHA-256 in hex, with node:crypto loaded on first use: a CLI call that hashes nothing (`bw`, when the
 * knowledge cache and its key are current) does not pay for loading it (about 8 ms here; issue #18).
 */
let crypto: typeof import('node:crypto') | undefined;
const load = () => (crypto ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto'));

/** A SHA-256 to feed piece by piece. */
export const sha256Hash = () => load().createHash('sha256');

export const sha256Hex = (data: string | Buffer): string => sha256Hash().update(data).digest('hex');
