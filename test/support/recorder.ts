import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SaltSource } from '../../src/store/keyring.js';
import { Recorder, type RecorderOptions } from '../../src/store/recorder.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import type { QuestionRecord } from '../../src/store/types.js';

export const silentLogger = { info: () => {}, warn: () => {}, error: () => {} };

/** A question as a front end hands it to the Recorder (no user hash yet): `over` states what matters. */
export const askedQuestion = (id: string, over: Partial<QuestionRecord> = {}): Omit<QuestionRecord, 'userHash'> => ({
  id,
  at: new Date(),
  text: 'q ' + id,
  lang: 'en',
  band: 'answer',
  confidence: 0.9,
  top: [],
  route: 'ask',
  latencyMs: 1,
  channelKind: 'dm',
  ...over,
});

/**
 * A started Recorder over its own SQLite file, with its salt in a file beside it, as `npm start` has by
 * default; `cleanup` stops it and removes both.
 */
export async function tempRecorder(opts: Partial<RecorderOptions> = {}): Promise<{ recorder: Recorder; path: string; salt: SaltSource; cleanup(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'netbot-rec-'));
  const path = join(dir, 'netbot.db');
  const salt = { kind: 'file' as const, path: join(dir, 'netbot.salt') };
  const recorder = new Recorder(new SqliteStore(path), { record: true, retentionDays: 90, unhealthyAfterMs: 60_000, logger: silentLogger, salt, ...opts });
  await recorder.start();
  return {
    recorder,
    path,
    salt,
    async cleanup() {
      await recorder.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
