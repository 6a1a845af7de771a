/**
 * `npm run bench`: every part, one after another, whatever the one before found (a missed target is a verdict,
 * not a reason to stop), then one summary line per part. Exit 1 when any part missed a target or crashed.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const PARTS: Array<{ name: string; file: string; args?: string[]; node?: string[] }> = [
  { name: 'search quality and latency (ours, plain MiniSearch, fuse.js)', file: 'search.js', node: ['--expose-gc'] },
  { name: 'conversation: threads, routing, per-message latency', file: 'conversation.js', args: ['--final'] },
  { name: 'hostile and oversized input', file: 'inputs.js' },
  { name: 'the service under load', file: 'service.js', args: process.argv.slice(2) },
  { name: 'slash commands: CPU each beside a minimal Bolt app, the rate served before shedding', file: 'ack.js' },
  { name: 'start-up and CLI (side by side with a minimal Bolt app and `node -e 0`)', file: 'startup.js', args: ['--runs', '6'] },
  { name: 'the gaps report at 100,000 questions a week', file: 'report.js' },
];

const results = PARTS.map((part) => {
  console.log(`\n━━ ${part.name} ━━`);
  const started = Date.now();
  const run = spawnSync(process.execPath, [...(part.node ?? []), join(here, part.file), ...(part.args ?? [])], { stdio: 'inherit' });
  return { part: part.name, seconds: Math.round((Date.now() - started) / 1000), outcome: run.status === 0 ? 'every target met' : run.status === 1 ? 'a target NOT met (see above)' : `crashed (${run.signal ?? run.status})` };
});
console.log('\n━━ summary ━━');
console.table(results);
process.exitCode = results.every((r) => r.outcome === 'every target met') ? 0 : 1;
