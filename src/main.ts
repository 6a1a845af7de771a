import { runConsole } from './cli/console.js';

/** `npm start`: Slack when credentials are set (issue #4), otherwise the local console. */
await runConsole();
