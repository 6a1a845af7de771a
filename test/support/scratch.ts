import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A new empty working directory for a spawned bot: its default store (./data/netbot.db) is its own, so
 * runs and tests never share delivery keys or records.
 */
export const scratchDir = (): string => mkdtempSync(join(tmpdir(), 'netbot-cwd-'));
