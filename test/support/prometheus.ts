import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';

/**
 * A real Prometheus server (Debian's `prometheus` package; .ci/run installs it) on 127.0.0.1, scraping one
 * target every second, its storage in a temporary directory. Absent binary: `missing` says why, and the test
 * skips, unless NETBOT_REQUIRE_PROMETHEUS=1 (CI), where the test fails instead.
 */
export function prometheusBinary(): { path: string } | { missing: string } {
  const path = process.env.NETBOT_PROMETHEUS_BIN ?? 'prometheus';
  const probe = spawnSync(path, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return { missing: `no Prometheus server binary (${path}): install Debian's prometheus package (.ci/run does)` };
  return { path };
}

export interface Prometheus {
  base: string;
  /** A PromQL instant query's first value, or undefined while there is none. */
  query(promql: string): Promise<number | undefined>;
  /** Whether the target's last scrape succeeded (from /api/v1/targets). */
  targetUp(): Promise<boolean>;
  stop(): Promise<void>;
}

export async function startPrometheus(binary: string, target: string): Promise<Prometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'netbot-prom-'));
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    ['global:', '  scrape_interval: 1s', '  scrape_timeout: 1s', 'scrape_configs:', '  - job_name: netbot', '    static_configs:', `      - targets: ['${target}']`, ''].join('\n'),
  );
  const port = await freePort();
  const child: ChildProcess = spawn(binary, [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr = (stderr + String(d)).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const api = async (path: string) => {
    if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}): ${stderr}`);
    const res = await fetch(`${base}${path}`).catch(() => undefined);
    return res?.ok ? ((await res.json()) as { data: unknown }).data : undefined;
  };
  return {
    base,
    async query(promql) {
      const data = (await api(`/api/v1/query?query=${encodeURIComponent(promql)}`)) as { result?: Array<{ value: [number, string] }> } | undefined;
      const first = data?.result?.[0];
      return first ? Number(first.value[1]) : undefined;
    },
    async targetUp() {
      const data = (await api('/api/v1/targets')) as { activeTargets?: Array<{ health: string }> } | undefined;
      return data?.activeTargets?.[0]?.health === 'up';
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
