import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Recorder, type RecorderOptions } from '../../src/store/recorder.js';
import { SqliteStore } from '../../src/store/sqlite.js';

export const silentLogger = { info: () => {}, warn: () => {}, error: () => {} };

/** A started Recorder over its own SQLite file, as `npm start` has by default; `cleanup` stops it and removes the file. */
export async function tempRecorder(opts: Partial<RecorderOptions> = {}): Promise<{ recorder: Recorder; path: string; cleanup(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'netbot-rec-'));
  const path = join(dir, 'netbot.db');
  const recorder = new Recorder(new SqliteStore(path), { record: true, retentionDays: 90, unhealthyAfterMs: 60_000, logger: silentLogger, ...opts });
  await recorder.start();
  return {
    recorder,
    path,
    async cleanup() {
      await recorder.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
