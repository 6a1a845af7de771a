import { LogLevel } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inRequest } from '../../src/app/request-context.js';
import { loadConfig } from '../../src/slack/config.js';
import { redactingLogger } from '../../src/slack/redact.js';
import { until } from '../support/metrics.js';
import { Harness } from './harness.js';

/** Issue #18: NETBOT_LOG_FORMAT=json, one JSON object a line, with the request id given at ack carried to the reply. */
interface Line {
  time: string;
  level: string;
  name: string;
  msg: string;
  requestId?: string;
}

describe('JSON log lines', () => {
  it('are one redacted, flattened JSON object a line, with the request id only inside a request', () => {
    const lines: string[] = [];
    const logger = redactingLogger(LogLevel.INFO, (line) => lines.push(line), 'json');
    logger.info('token xoxb-123-abc\nforged [ERROR] line');
    inRequest({ requestId: 'abc123', startedAt: 0 }, () => logger.warn('inside'));
    logger.debug('below the level');
    expect(lines).toHaveLength(2);
    const [outside, inside] = lines.map((l) => JSON.parse(l) as Line);
    expect(outside).toMatchObject({ level: 'info', name: 'ecs-netbot' });
    expect(outside!.msg).toContain('xox*-***');
    expect(outside!.msg).not.toMatch(/xoxb-123|\n/);
    expect(outside!.requestId).toBeUndefined();
    expect(Date.parse(outside!.time)).not.toBeNaN();
    expect(inside).toMatchObject({ level: 'warn', msg: 'inside', requestId: 'abc123' });
  });

  it('NETBOT_LOG_FORMAT accepts text or json only', () => {
    const base = { SLACK_BOT_TOKEN: 'xoxb-1-2', SLACK_SIGNING_SECRET: '0123456789abcdef0123' };
    expect(loadConfig({ ...base, NETBOT_LOG_FORMAT: 'json' })).toMatchObject({ logFormat: 'json' });
    expect(() => loadConfig({ ...base, NETBOT_LOG_FORMAT: 'xml' })).toThrow(/NETBOT_LOG_FORMAT must be text or json/);
  });
});

describe('a request id from ack to reply', () => {
  const lines: Line[] = [];
  let h: Harness;
  beforeAll(async () => {
    const logger = redactingLogger(LogLevel.DEBUG, (line) => lines.push(JSON.parse(line) as Line), 'json');
    // Bolt sets its logger's level from LOG_LEVEL.
    h = await new Harness({ LOG_LEVEL: 'debug' }, { logger }).start();
  }, 20_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('a slash command\'s ack line and reply line carry the same id, another command another id', async () => {
    const ids: string[] = [];
    for (const text of ['5M', '10M']) {
      const from = lines.length;
      const res = await h.command('/ecs-bw', text);
      await h.fake.waitForResponse(res.id);
      const done = await until(
        async () => lines.slice(from).find((l) => l.msg.startsWith('command request done (ok)')),
        Boolean,
      );
      const acked = lines.slice(from).find((l) => l.msg === 'acked a command request');
      expect(acked?.requestId).toMatch(/^[0-9a-f]{12}$/);
      expect(done!.requestId).toBe(acked!.requestId);
      ids.push(acked!.requestId!);
    }
    expect(ids[0]).not.toBe(ids[1]);
  });
});
