import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/knowledge/paths.js';

/**
 * The smallest Bolt app the benches compare the bot with: Bolt's own HTTP receiver, a /healthz route, the token
 * checked at start, and `listener` (source code using `app`). Written inside the package (dist/bench/minimal-bolt)
 * so that it resolves @slack/bolt from node_modules like the bot; returns the script's path.
 */
export function writeMinimalBolt(name: string, listener: string): string {
  const source = `import bolt from '@slack/bolt';
const app = new bolt.App({
  token: process.env.SLACK_BOT_TOKEN,
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
  logLevel: bolt.LogLevel.ERROR,
  customRoutes: [{ path: '/healthz', method: ['GET'], handler: (req, res) => { res.writeHead(200); res.end('{"ok":true}'); } }],
});
${listener}
await app.start(Number(process.env.PORT));
`;
  const dir = join(packageRoot(), 'dist', 'bench', 'minimal-bolt');
  mkdirSync(dir, { recursive: true });
  const script = join(dir, name);
  writeFileSync(script, source);
  return script;
}
