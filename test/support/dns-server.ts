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
  /**
   * The exact count, for a client that has already given up: waits until `expected` datagrams have arrived
   * (or `timeoutMs` passed), then `graceMs` more in which nothing further may arrive, and returns what came.
   * A client one try short returns fewer (after the timeout), one try over returns more.
   */
  settled(expected: number, opts?: { timeoutMs?: number; graceMs?: number }): Promise<number>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
      await sleep(20);
      return count;
    },
    settled: async (expected, { timeoutMs = 2000, graceMs = 250 } = {}) => {
      const until = Date.now() + timeoutMs;
      while (count < expected && Date.now() < until) await sleep(5);
      await sleep(graceMs);
      return count;
    },
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

export interface TripwireDns {
  /** The NETBOT_DNS_SERVER / --server value for it: 127.0.0.1:PORT. */
  address: string;
  /** Everything that reached it, UDP datagrams and TCP connections alike (the question name when readable). */
  asked: Array<{ transport: 'udp' | 'tcp'; name: string }>;
  close(): Promise<void>;
}

const questionName = (message: Buffer): string => {
  try {
    return Packet.parse(message).questions[0]?.name ?? '?';
  } catch {
    return '?';
  }
};

/**
 * A loopback DNS address (UDP and TCP on one port) that must never be asked anything: tests whose input
 * should be refused before any query point NETBOT_DNS_SERVER at it, so a parser slip shows up as a recorded
 * question (assert `asked` is empty) instead of a query to the machine's real resolver. It never answers.
 */
export async function startTripwireDns(): Promise<TripwireDns> {
  const asked: TripwireDns['asked'] = [];
  for (let attempt = 0; ; attempt++) {
    const port = await probePort('127.0.0.1');
    const udp = createSocket('udp4');
    const tcp = createTcpProbe((socket) => {
      asked.push({ transport: 'tcp', name: '?' });
      socket.destroy();
    });
    udp.on('message', (message) => asked.push({ transport: 'udp', name: questionName(message) }));
    try {
      await new Promise<void>((resolve, reject) => {
        udp.once('error', reject);
        udp.bind(port, '127.0.0.1', () => resolve());
      });
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen(port, '127.0.0.1', () => resolve());
      });
    } catch (error) {
      udp.close();
      tcp.close();
      if (attempt >= 5) throw error;
      continue;
    }
    return {
      address: `127.0.0.1:${port}`,
      asked,
      close: async () => {
        await new Promise<void>((resolve) => udp.close(() => resolve()));
        await new Promise<void>((resolve) => tcp.close(() => resolve()));
      },
    };
  }
}
