import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEnvFile } from '../../src/app/env-file.js';

const dir = mkdtempSync(join(tmpdir(), 'netbot-env-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadEnvFile', () => {
  it('sets what the file has and the environment lacks, keeps what the environment has, returns only names', () => {
    const path = join(dir, '.env');
    writeFileSync(path, '# comment\nNETBOT_LANG=zh\nSLACK_BOT_TOKEN="xoxb-from-file"\nPORT=4000\n');
    const env: NodeJS.ProcessEnv = { PORT: '3000' };
    expect(loadEnvFile(path, env)).toEqual(['NETBOT_LANG', 'SLACK_BOT_TOKEN']);
    expect(env).toEqual({ PORT: '3000', NETBOT_LANG: 'zh', SLACK_BOT_TOKEN: 'xoxb-from-file' });
  });

  it('treats a missing file as nothing to load', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(loadEnvFile(join(dir, 'absent.env'), env)).toEqual([]);
    expect(env).toEqual({});
  });
});
