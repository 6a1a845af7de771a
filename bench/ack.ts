/**
 * `npm run bench` (slash-command part, issue #18): what one slash command costs the bot, and how many a second
 * it serves before it sheds, each beside a minimal Bolt app in the same run on the same fake Slack.
 *
 * - CPU per slash command: the bot as `npm start` runs it (HTTP mode, recording into its own SQLite file) and a
 *   minimal Bolt app (Bolt's own HTTP receiver, one command that acks and answers through response_url) each
 *   get the same signed `/ecs-bw` commands at 200/s, alternating, three rounds (the median); CPU time (user + system, from
 *   /proc) from before the first request to after the last answer arrived, divided by the number sent.
 * - The rate served before shedding: slash commands only, at rising rates for 3 s each, until one is not
 *   served: every command acked (p99 under 1 s), none told "busy", every answer delivered exactly once,
 *   throughput within 10% of the rate. The load generator and the fake Slack share the machine's cores. The
 *   minimal Bolt app goes through the same ramp (it never sheds: it keeps up or acks late), which tells what
 *   the machine allowed in this run; the bot's own event-loop lag (/healthz) is noted beside each rate.
 *
 * Everything stays on 127.0.0.1. Verdicts via bench/verdict.ts; exit 1 when a target is missed.
 */
import { loadavg } from 'node:os';
import { cpuMs, sleep, startServer, type ServerProcess } from './bot-process.js';
import { CountingSlack } from './fake-slack.js';
import { loadTest, slashCommand } from './load.js';
import { median } from './measure.js';
import { writeMinimalBolt } from './minimal-bolt.js';
import { verdict } from './verdict.js';

/** The minimal Bolt app's one command: ack, then the answer to response_url. */
const MINIMAL_COMMAND = `app.command('/ecs-bw', async ({ ack, respond, command }) => {
  await ack();
  await respond({ response_type: 'ephemeral', text: 'bandwidth ' + command.text });
});`;

const CPU_COMMANDS = 600;
const CPU_RATE = 200;
/** Rounds of each, alternating who goes first: the median is reported. */
const CPU_ROUNDS = 3;
const RAMP = [200, 400, 600, 800];
const RAMP_SECONDS = 3;

/** CPU ms per slash command over `amount` commands at `rate`, after every answer arrived. */
async function cpuPerCommand(server: ServerProcess, slack: CountingSlack, counter: { n: number }): Promise<{ ms: number; lost: number }> {
  const before = cpuMs(server.child.pid!);
  const row = await loadTest(server.port, slack, { rate: CPU_RATE, amount: CPU_COMMANDS }, (n) => slashCommand(n, slack), counter);
  return { ms: (cpuMs(server.child.pid!) - before) / row.sent, lost: row.lost + row.duplicated + row.errors };
}

type RampRow = Awaited<ReturnType<typeof loadTest>> & { server: string; served: boolean; maxLagMs?: number };

/**
 * Slash commands at rising rates until one is not served; with `lag`, the bot's own event-loop lag (from
 * /healthz, every 250 ms) is noted beside each rate: it tells the bot's lateness from the machine's.
 */
async function ramp(name: string, server: ServerProcess, slack: CountingSlack, counter: { n: number }, lag: boolean): Promise<{ rows: RampRow[]; best: number }> {
  const rows: RampRow[] = [];
  for (const rate of RAMP) {
    await sleep(1000);
    const lags: number[] = [];
    const sampler = lag
      ? setInterval(() => {
          void fetch(`http://127.0.0.1:${server.port}/healthz`)
            .then((r) => r.json() as Promise<{ eventLoopLagMs?: number }>)
            .then((h) => lags.push(h.eventLoopLagMs ?? 0), () => undefined);
        }, 250)
      : undefined;
    const row = await loadTest(server.port, slack, { rate, seconds: RAMP_SECONDS }, (n) => slashCommand(n, slack), counter);
    clearInterval(sampler);
    const served = row.busy === 0 && row.errors === 0 && row.non2xx === 0 && row.lost === 0 && row.duplicated === 0 && row.p99ms < 1000 && row.throughput >= 0.9 * rate;
    rows.push({ server: name, ...row, served, ...(lag ? { maxLagMs: Math.max(0, ...lags) } : {}) });
    if (!served) break;
  }
  return { rows, best: rows.filter((r) => r.served).at(-1)?.rate ?? 0 };
}

async function main(): Promise<void> {
  const minimalScript = writeMinimalBolt('ack.mjs', MINIMAL_COMMAND);
  const slack = new CountingSlack();
  await slack.start();
  const counter = { n: 0 };
  const load0 = loadavg()[0]!;
  const bot = await startServer(slack.url);
  const bolt = await startServer(slack.url, { script: minimalScript, nodeArgs: [] });
  try {
    // Warm-up: both compile their hot paths (and the bot warms its search) before anything is measured.
    for (const server of [bot, bolt]) await loadTest(server.port, slack, { rate: CPU_RATE, amount: 400 }, (n) => slashCommand(n, slack), counter);
    const botCpu: number[] = [];
    const boltCpu: number[] = [];
    let faults = 0;
    for (let round = 0; round < CPU_ROUNDS; round++) {
      const order = round % 2 === 0 ? [bot, bolt] : [bolt, bot];
      for (const server of order) {
        const { ms, lost } = await cpuPerCommand(server, slack, counter);
        (server === bot ? botCpu : boltCpu).push(ms);
        faults += lost;
      }
    }
    const ours = median(botCpu);
    const theirs = median(boltCpu);
    console.log(`  (figure)  CPU per slash command, each round: bot ${botCpu.map((x) => x.toFixed(2)).join(', ')} ms; minimal Bolt ${boltCpu.map((x) => x.toFixed(2)).join(', ')} ms`);

    const botRamp = await ramp('bot', bot, slack, counter, true);
    const boltRamp = await ramp('minimal Bolt', bolt, slack, counter, false);
    console.table([...botRamp.rows, ...boltRamp.rows]);
    const best = botRamp.best;
    const firstNot = botRamp.rows.find((r) => !r.served);
    const why = firstNot ? `; at ${firstNot.rate}/s: ${firstNot.busy} told busy, throughput ${firstNot.throughput}/s, p99 ack ${firstNot.p99ms} ms` : `; the highest rate tried`;
    console.log(`  (figure)  the minimal Bolt app (which never sheds) kept up to ${boltRamp.best}/s in the same run`);
    console.log(`  (figure)  load average ${load0.toFixed(2)} at the start, ${loadavg()[0]!.toFixed(2)} at the end (2 cores, shared)`);
    verdict('CPU per slash command ≤ 2× a minimal Bolt app', ours <= 2 * theirs, `${ours.toFixed(2)} ms vs ${theirs.toFixed(2)} ms (${(ours / theirs).toFixed(2)}×)`);
    verdict('no slash command lost or answered twice while measuring CPU', faults === 0, `${faults}`);
    verdict('≥ 400 slash commands a second served before shedding', best >= 400, `${best}/s${why}`);
  } finally {
    await bot.stop();
    await bolt.stop();
    await slack.close();
  }
}

main().then(() => process.exit(process.exitCode ?? 0), (error: unknown) => {
  console.error(error);
  process.exit(2);
});
