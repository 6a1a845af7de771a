import { join } from 'node:path';
import { guardStderr, writeLog } from './app/stderr.js';
import { loadEnvFile } from './app/env-file.js';
import { runConsole } from './cli/console.js';
import { exitQuietlyWhenStdoutCloses } from './cli/output.js';
import { createServices } from './app/services.js';
import type { Services } from './commands/types.js';
import { KnowledgeError } from './knowledge/load.js';
import { createSlackBot, LOG_LEVELS, StartError } from './slack/app.js';
import { readStartConfig } from './slack/start.js';
import { checkCommandEnv } from './app/env-check.js';
import { redact, redactingLogger } from './slack/redact.js';
import { neutralize } from './render/neutralize.js';
import { Recorder, type RecorderOptions } from './store/recorder.js';
import { SchemaTooNewError } from './store/migrations.js';
import { SaltError } from './store/keyring.js';
import { describeStore, recordSettings, storeFromEnv } from './store/open.js';

/**
 * `npm start`: Socket Mode with SLACK_APP_TOKEN + SLACK_BOT_TOKEN, HTTP with SLACK_SIGNING_SECRET +
 * SLACK_BOT_TOKEN, the local console otherwise (issue #4). A bad configuration stops here with one
 * sentence naming the variable, exit code 1 and no stack trace.
 */
function fail(message: string): never {
  writeLog(`ecs-netbot: ${message}\n`);
  process.exit(1);
}

// `cp .env.example .env` is the documented setup: read it from the working directory, the environment winning.
try {
  loadEnvFile(join(process.cwd(), '.env'), process.env);
} catch (error) {
  fail(`could not read .env: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
}

// First of all: a closed stderr drops log lines instead of raising errors (see app/stderr.ts).
guardStderr();

const config = readStartConfig(process.env, writeLog) ?? process.exit(1);
const envProblem = checkCommandEnv(process.env);
if (envProblem) fail(envProblem);

/**
 * Never a silent death: an error that escapes every handler is logged (redacted, one line) and the bot keeps
 * serving; a supervisor that wants a restart on the first one can watch for the "uncaught" line. The line goes
 * through writeLog, which drops it when stderr is gone: a failed log write is never reported again.
 */
let uncaught = 0;
const survive = (kind: string) => (error: unknown) => {
  uncaught++;
  writeLog(`ecs-netbot: ${kind} (${uncaught} so far, still serving): ${neutralize(redact(error instanceof Error ? error.message : String(error)), { flatten: true })}\n`);
};
process.on('unhandledRejection', survive('unhandled rejection'));
process.on('uncaughtException', survive('uncaught exception'));

/** The knowledge base is validated before anything starts: a bad file stops here, naming file, entry and problem. */
function loadServices(): Services {
  try {
    return createServices(process.env);
  } catch (error) {
    if (error instanceof KnowledgeError) fail(error.message);
    throw error;
  }
}

const services = loadServices();

/**
 * The store: SQLite at NETBOT_DB by default, PostgreSQL with DATABASE_URL. An unreachable store is logged
 * and retried while the bot answers; only a schema from a newer build stops the start.
 */
async function startRecorder(logger: RecorderOptions['logger']): Promise<Recorder> {
  const settings = recordSettings(process.env);
  if ('problem' in settings) fail(settings.problem);
  const recorder = new Recorder(storeFromEnv(process.env), { ...settings, logger });
  try {
    await recorder.start();
  } catch (error) {
    if (error instanceof SchemaTooNewError || error instanceof SaltError) fail(`${describeStore(process.env)}: ${error.message}`);
    throw error;
  }
  return recorder;
}

if (config.mode === 'console') {
  exitQuietlyWhenStdoutCloses();
  const log = (line: string) => writeLog(`ecs-netbot: ${neutralize(redact(line), { flatten: true })}\n`);
  const recorder = await startRecorder({ info: () => {}, warn: log, error: log });
  await runConsole(process.stdin, process.stdout, process.env, services, recorder);
  await recorder.stop();
} else {
  const logger = redactingLogger(LOG_LEVELS[config.logLevel]);
  const recorder = await startRecorder({ info: (m) => logger.info(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m) });
  const bot = createSlackBot(config, services, { logger, recorder });
  try {
    await bot.start();
  } catch (error) {
    if (error instanceof StartError) fail(error.message);
    fail(`could not start: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    bot.deps.logger.info(`${signal} received, shutting down`);
    bot
      .stop()
      .then(() => recorder.stop())
      .then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
