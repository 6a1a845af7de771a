/**
 * A real DNS server on loopback for tests (dns2's createServer, UDP and TCP on one random free port).
 * It answers from a small zone like a recursive resolver would: CNAME chains included, NXDOMAIN for unknown
 * names, and per-name forced RCODEs (SERVFAIL, REFUSED). Always close() it: tests must exit cleanly.
 */
import { createSocket } from 'node:dgram';
import { createServer as createTcpProbe } from 'node:net';
import dns2 from 'dns2';

const { Packet } = dns2;

export type ZoneRecord = { type: 'PTR' | 'CNAME' | 'A' | 'AAAA'; value: string; ttl?: number };

export interface FakeDnsOptions {
  /** Records by owner name (case-insensitive, no trailing dot). */
  zone: Record<string, ZoneRecord[]>;
  /** Names answered with this RCODE and nothing else. */
  rcodes?: Record<string, 'SERVFAIL' | 'REFUSED' | 'FORMERR' | 'NOTIMP'>;
  /** Answer only the first step of a CNAME chain (an authoritative server does), so the client must ask again. */
  noChase?: boolean;
  host?: '127.0.0.1' | '::1';
}

export interface FakeDns {
  host: string;
  port: number;
  /** The --server value for it: 127.0.0.1:PORT or [::1]:PORT. */
  address: string;
  queries: Array<{ name: string; type: number; transport: 'udp' | 'tcp' }>;
  close(): Promise<void>;
}

// dns2 has Packet.RCODE at run time but not in its types.
const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;

const key = (name: string) => name.replace(/\.$/, '').toLowerCase();

/** A port that was free a moment ago (TCP probe); the caller retries if UDP or TCP then cannot bind it. */
function probePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createTcpProbe();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export async function startDnsServer(options: FakeDnsOptions): Promise<FakeDns> {
  const host = options.host ?? '127.0.0.1';
  const zone = new Map(Object.entries(options.zone).map(([name, records]) => [key(name), records]));
  const rcodes = new Map(Object.entries(options.rcodes ?? {}).map(([name, code]) => [key(name), code]));
  const queries: FakeDns['queries'] = [];

  const handle: dns2.DnsHandler = (request, send, client) => {
    const response = Packet.createResponseFromRequest(request);
    response.header.ra = 1;
    const question = request.questions[0];
    if (!question) return void send(response);
    queries.push({ name: question.name, type: question.type, transport: 'write' in client ? 'tcp' : 'udp' });
    const forced = rcodes.get(key(question.name));
    if (forced) {
      response.header.rcode = RCODE[forced];
      return void send(response);
    }
    let current = key(question.name);
    const seen = new Set<string>();
    for (let hops = 0; hops < 16; hops++) {
      const records = zone.get(current);
      if (!records) {
        response.header.rcode = RCODE.NXDOMAIN;
        break;
      }
      const wanted = records.filter((r) => Packet.TYPE[r.type] === question.type);
      const cname = records.find((r) => r.type === 'CNAME');
      const add = (r: ZoneRecord) =>
        response.answers.push({
          name: current,
          type: Packet.TYPE[r.type],
          class: Packet.CLASS.IN,
          ttl: r.ttl ?? 300,
          ...(r.type === 'A' || r.type === 'AAAA' ? { address: r.value } : { domain: r.value }),
        } as InstanceType<typeof Packet>['answers'][number]);
      if (wanted.length) {
        wanted.forEach(add);
        break;
      }
      if (!cname || seen.has(current)) break;
      seen.add(current);
      add(cname);
      if (options.noChase) break;
      current = key(cname.value);
    }
    send(response);
  };

  for (let attempt = 0; ; attempt++) {
    const port = await probePort(host);
    const server = dns2.createServer({ udp: { type: host === '::1' ? 'udp6' : 'udp4' }, tcp: true, handle });
    const failed = new Promise<Error>((resolve) => server.once('error', (error: Error) => resolve(error)));
    const outcome = await Promise.race([server.listen({ udp: { port, address: host }, tcp: { port, address: host } }).then(() => null), failed]);
    if (outcome === null) {
      server.on('requestError', () => {});
      return { host, port, address: host === '::1' ? `[::1]:${port}` : `${host}:${port}`, queries, close: () => server.close() };
    }
    await Promise.race([server.close(), new Promise((r) => setTimeout(r, 200))]);
    if (attempt >= 5) throw outcome;
  }
}

/** A loopback port with nothing listening on UDP or TCP: queries to it time out (or are refused). */
export async function deadPort(host: '127.0.0.1' | '::1' = '127.0.0.1'): Promise<number> {
  return probePort(host);
}

export interface SilentUdp {
  port: number;
  /**
   * Datagrams received: one per try the client made. Waits a moment first: on a busy event loop a client's
   * timeout can fire before the server's 'message' event for a datagram already delivered.
   */
  received(): Promise<number>;
  close(): Promise<void>;
}

/**
 * A loopback UDP port that reads every query and never answers. Counting what arrives checks that a client
 * gives up after its bounded tries without asserting wall-clock time (which flakes on a busy machine).
 */
export async function startSilentUdp(): Promise<SilentUdp> {
  const socket = createSocket('udp4');
  let count = 0;
  socket.on('message', () => count++);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return {
    port: socket.address().port,
    received: async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return count;
    },
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
