// Types only: the console and the CLI use redact() without loading Bolt (about a second of a start).
import type { LogLevel, Logger } from '@slack/bolt';
import { currentRequestId } from '../app/request-context.js';
import { writeLog } from '../app/stderr.js';
import { neutralize } from '../util/neutralize.js';
import { redact } from '../util/redact.js';

const asText = (parts: unknown[]) => parts.map((p) => redact(p instanceof Error ? p.message : typeof p === 'string' ? p : safeJson(p)));
function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

// Bolt's LogLevel values, in order.
const [DEBUG, INFO, WARN, ERROR] = ['debug', 'info', 'warn', 'error'] as LogLevel[];
const ORDER: LogLevel[] = [DEBUG!, INFO!, WARN!, ERROR!];

/** How log lines are written: text (`[INFO] ecs-netbot …`) or JSON lines (NETBOT_LOG_FORMAT=json). */
export type LogFormat = 'text' | 'json';

/**
 * Bolt's Logger, writing to stderr like its console logger, with every line redacted and on one line (a text
 * logged with a line break or an escape sequence cannot forge another log line or drive a terminal). As JSON
 * lines, each is {time, level, name, msg, requestId?}: the id of the request being worked on (app/request-context.ts).
 */
export function redactingLogger(level: LogLevel, write: (line: string) => void = (line) => writeLog(line + '\n'), format: LogFormat = 'text'): Logger {
  let current = level;
  let name = 'ecs-netbot';
  const line = (l: LogLevel, msg: string): string => {
    if (format === 'text') return `[${l.toUpperCase()}] ${name} ${msg}`;
    const requestId = currentRequestId();
    return JSON.stringify({ time: new Date().toISOString(), level: l, name, msg, ...(requestId ? { requestId } : {}) });
  };
  const at = (l: LogLevel) => (...msg: unknown[]) => {
    if (ORDER.indexOf(l) >= ORDER.indexOf(current)) write(line(l, neutralize(asText(msg).join(' '), { flatten: true })));
  };
  return {
    debug: at(DEBUG!),
    info: at(INFO!),
    warn: at(WARN!),
    error: at(ERROR!),
    setLevel: (l) => {
      current = l;
    },
    getLevel: () => current,
    setName: (n) => {
      name = n;
    },
  };
}
