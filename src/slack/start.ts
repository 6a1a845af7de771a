import { ConfigError, loadConfig, type StartConfig } from './config.js';

/**
 * Reads the configuration for `npm start`; on a ConfigError writes exactly one line naming the variable
 * (never its value) and returns undefined, so the caller exits with code 1 and no stack trace.
 */
export function readStartConfig(env: Readonly<Record<string, string | undefined>>, write: (line: string) => void): StartConfig | undefined {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    write(`ecs-netbot: ${error.message}\n`);
    return undefined;
  }
}
