import { guardStderr, writeLog } from './app/stderr.js';
import { loadDotEnv } from './app/env-file.js';
import { exitQuietlyWhenStdoutCloses } from './cli/output.js';
import { buildingIndex, loadServices } from './app/load-services.js';
import { indexFileCurrent } from './search/index-key.js';
import type { Services } from './commands/types.js';
import { KnowledgeError } from './knowledge/errors.js';
import { readStartConfig } from './slack/start.js';
import { checkCommandEnv } from './app/env-check.js';
import { redactingLogger } from './slack/redact.js';
import { redact } from './util/redact.js';
import { neutralize } from './util/neutralize.js';
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
const envFileProblem = loadDotEnv(process.env);
if (envFileProblem) fail(envFileProblem);

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

/**
 * The knowledge base is validated before anything starts (or read as `npm run build` validated it, when
 * knowledge/ is unchanged): a bad file stops here, naming file, entry and problem. The search index comes
 * from the file the build wrote. When knowledge/ changed since, it is built here (a few seconds, said in one
 * line so that a slow start is not a mystery) and the file rewritten. With the file current, the console
 * loads it before its prompt (its first question does not wait) and Slack right after it is ready (the
 * warm-up, between requests: see slack/app.ts).
 */
async function startServices(): Promise<{ services: Services; indexCurrent: boolean }> {
  try {
    const services = await loadServices(process.env, { onBuild: (problem) => void process.stderr.write(`ecs-netbot: ${buildingIndex(problem)}\n`) });
    const indexCurrent = indexFileCurrent(services.kb);
    if (config.mode === 'console' || !indexCurrent) void services.search;
    return { services, indexCurrent };
  } catch (error) {
    if (error instanceof KnowledgeError) fail(error.message);
    throw error;
  }
}

const { services, indexCurrent } = await startServices();

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
  // The console's modules (readline, history, the conversation) are loaded for the console only.
  const { runConsole } = await import('./cli/console.js');
  await runConsole(process.stdin, process.stdout, process.env, services, recorder);
  await recorder.stop();
} else {
  // Bolt is loaded for Slack only (the console does without it).
  const { createSlackBot, LOG_LEVELS, StartError } = await import('./slack/app.js');
  const logger = redactingLogger(LOG_LEVELS[config.logLevel], undefined, config.logFormat);
  const recorder = await startRecorder({ info: (m) => logger.info(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m) });
  const bot = createSlackBot(config, services, { logger, recorder, warmUp: indexCurrent ? 'after' : 'before' });
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
