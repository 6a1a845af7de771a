/**
 * A small DNS client over dns2: bounded time per try, a bounded number of tries, an overall deadline,
 * UDP with a fall-back to TCP when the answer is truncated, and CNAME chains followed (RFC 2317).
 * Every socket is closed on every path, so callers (and tests) never hang on it.
 */
import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { createRequire } from 'node:module';
import type Dns2 from 'dns2';
import { parseIp, unmapIpv4, type IpAddress, type IpRejection } from './ip.js';

// dns2 (its CommonJS build) is loaded on the first query: only ptr and triage query DNS, and every other CLI
// call would pay for loading it (issue #18).
let loaded: typeof Dns2 | undefined;
const dns2 = (): typeof Dns2 => (loaded ??= createRequire(import.meta.url)('dns2') as typeof Dns2);

export type QueryType = 'PTR' | 'A' | 'AAAA';

export interface DnsServer {
  host: string;
  port: number;
  family: 4 | 6;
  /** How it is shown: 192.0.2.53:53 or [2001:db8::53]:53. */
  label: string;
}

export interface DnsRecord {
  /** Owner name, without the trailing dot, in presentation form (odd bytes escaped as \DDD). */
  name: string;
  ttl: number;
  type: 'PTR' | 'CNAME' | 'A' | 'AAAA';
  value: string;
}

/** The server's RCODE name, or TIMEOUT (no answer in time) or UNREACHABLE (the network refused to send). */
export type Rcode = string;

export interface DnsResponse {
  rcode: Rcode;
  records: DnsRecord[];
  transport: 'udp' | 'tcp' | null;
  /** The UDP answer was truncated (TC bit) and could not be completed over TCP. */
  truncated: boolean;
  /** The UDP answer was truncated and TCP gave the full answer. */
  tcpFallback: boolean;
}

export interface Resolution extends DnsResponse {
  query: string;
  type: QueryType;
  /** The CNAMEs followed, then the records of the asked type, in order. */
  chain: DnsRecord[];
  /** The records of the asked type at the end of the chain. */
  values: DnsRecord[];
  /** True when the CNAME chain looped or was too long to follow. */
  chainBroken: boolean;
}

export interface QueryOptions {
  /** Bound on one try (one UDP exchange, or one TCP exchange). */
  timeoutMs: number;
  tries: number;
  /** Absolute time (ms since epoch) after which nothing more is sent. */
  deadline: number;
  /** Told the rcode of every question's answer (TIMEOUT, UNREACHABLE, BADNAME included): metrics, never the name. */
  onAnswer?: (rcode: Rcode) => void;
}

export const DEFAULT_TIMEOUT_MS = 2000;
export const DEFAULT_TRIES = 2;
export const MAX_CNAME_HOPS = 8;
/** A reply is at most 64 KiB; more records than this are not a real PTR set. */
const MAX_RECORDS = 100;
const RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'];

const rcodeName = (code: number) => RCODES[code] ?? `RCODE${code}`;

/** Case-insensitive name key without the trailing dot. */
export const nameKey = (name: string) => name.replace(/\.$/, '').toLowerCase();

/** Presentation form of a wire name: printable ASCII stays, anything else becomes \DDD like dig does. */
export function presentName(name: string): string {
  const trimmed = name.replace(/\.$/, '');
  let out = '';
  for (const ch of trimmed) {
    const code = ch.codePointAt(0)!;
    out += code > 0x20 && code < 0x7f && !'"();\\'.includes(ch) ? ch : `\\${String(Math.min(code, 255)).padStart(3, '0')}`;
  }
  return out;
}

export function serverOf(ip: IpAddress, port: number, zone = ''): DnsServer {
  const host = ip.text + zone;
  return { host, port, family: ip.version, label: ip.version === 6 ? `[${host}]:${port}` : `${host}:${port}` };
}

export type ServerRejection = IpRejection | 'bad_port';
export type ServerParse = { ok: true; server: DnsServer } | { ok: false; reason: ServerRejection };

/** host, host:port, [v6]:port, [v6] or a bare IPv6 literal; the port is 1–65535 (default 53). */
export function parseServer(input: string): ServerParse {
  const text = input.trim();
  if (!text) return { ok: false, reason: 'empty' };
  if (text.length > 80) return { ok: false, reason: 'too_long' };
  let host = text;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1]!;
    portText = bracketed[2];
    if (portText === undefined && text.endsWith(':')) portText = '';
  } else if (text.split(':').length === 2) {
    [host, portText] = text.split(':') as [string, string];
  }
  let port = 53;
  if (portText !== undefined) {
    if (!/^[1-9]\d{0,4}$/.test(portText) || Number(portText) > 65535) return { ok: false, reason: 'bad_port' };
    port = Number(portText);
  }
  const ip = parseIp(host);
  if (!ip.ok) return { ok: false, reason: ip.reason === 'brackets' ? 'not_ip' : ip.reason };
  return { ok: true, server: serverOf(unmapIpv4(ip.ip) ?? ip.ip, port) };
}

/** The first nameserver line of resolv.conf (the system resolver), or null if there is none usable. */
export function systemNameserver(resolvConf: string): DnsServer | null {
  for (const line of resolvConf.split('\n').slice(0, 1000)) {
    const match = /^\s*nameserver\s+(\S+)/.exec(line);
    if (!match) continue;
    // A link-local resolver needs its zone (fe80::1%eth0) to be reachable; keep it as given.
    const [address, zone] = match[1]!.split('%') as [string, string | undefined];
    const ip = parseIp(address);
    if (!ip.ok) continue;
    return serverOf(unmapIpv4(ip.ip) ?? ip.ip, 53, zone && /^[\w.-]{1,32}$/.test(zone) ? `%${zone}` : '');
  }
  return null;
}

/** glibc's default when resolv.conf names no server. */
export const FALLBACK_SYSTEM_SERVER: DnsServer = { host: '127.0.0.1', port: 53, family: 4, label: '127.0.0.1:53' };

export async function readSystemResolver(path = '/etc/resolv.conf'): Promise<DnsServer> {
  try {
    return systemNameserver(await readFile(path, 'utf8')) ?? FALLBACK_SYSTEM_SERVER;
  } catch {
    return FALLBACK_SYSTEM_SERVER;
  }
}

type Packet = InstanceType<typeof Dns2.Packet>;

function toRecords(packet: Packet): DnsRecord[] {
  const { Packet } = dns2();
  const records: DnsRecord[] = [];
  for (const rr of packet.answers.slice(0, MAX_RECORDS)) {
    if (!rr || rr.class !== Packet.CLASS.IN || typeof rr.name !== 'string') continue;
    const ttl = typeof rr.ttl === 'number' ? rr.ttl : 0;
    const name = presentName(rr.name);
    if ((rr.type === Packet.TYPE.PTR || rr.type === Packet.TYPE.CNAME) && typeof rr.domain === 'string') {
      records.push({ name, ttl, type: rr.type === Packet.TYPE.PTR ? 'PTR' : 'CNAME', value: presentName(rr.domain) });
    } else if ((rr.type === Packet.TYPE.A || rr.type === Packet.TYPE.AAAA) && typeof rr.address === 'string') {
      records.push({ name, ttl, type: rr.type === Packet.TYPE.A ? 'A' : 'AAAA', value: rr.address });
    }
  }
  return records;
}

const timeoutError = (ms: number) => Object.assign(new Error(`no answer within ${ms} ms`), { code: 'ETIMEDOUT' });

/** One DNS exchange over TCP (RFC 1035 §4.2.2 length prefix), with the timeout dns2's TCP client lacks. */
export function tcpExchange(server: DnsServer, name: string, type: QueryType, timeoutMs: number): Promise<Packet> {
  const { Packet } = dns2();
  const query = new Packet();
  query.header.id = randomInt(0x10000);
  query.header.rd = 1;
  query.questions.push({ name, type: Packet.TYPE[type], class: Packet.CLASS.IN } as Packet['questions'][number]);
  const message = query.toBuffer();
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(message.length);
  return new Promise<Packet>((resolve, reject) => {
    const socket = connect({ host: server.host, port: server.port });
    let received = Buffer.alloc(0);
    let done = false;
    const finish = (error: Error | null, packet?: Packet) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(packet!);
    };
    const timer = setTimeout(() => finish(timeoutError(timeoutMs)), timeoutMs);
    socket.on('connect', () => socket.write(Buffer.concat([prefix, message])));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 2) return;
      const length = received.readUInt16BE(0);
      if (received.length < 2 + length) return;
      try {
        const packet = Packet.parse(received.subarray(2, 2 + length));
        if (packet.header.id !== query.header.id) finish(new Error('answer id does not match the query'));
        else finish(null, packet);
      } catch (error) {
        finish(error as Error);
      }
    });
    socket.on('error', (error) => finish(error));
    socket.on('close', () => finish(new Error('connection closed before an answer')));
  });
}

function udpExchange(server: DnsServer, name: string, type: QueryType, timeoutMs: number): Promise<Packet> {
  // dns2's UDP client has a timeout and matches id and sender; its own TC retry has none, so it is off here.
  const resolve = dns2().UDPClient({
    dns: server.host,
    port: server.port,
    socketType: server.family === 6 ? 'udp6' : 'udp4',
    timeout: timeoutMs,
    retryOverTCP: false,
  });
  return resolve(name, type);
}

const isTimeout = (error: unknown) => (error as { code?: string })?.code === 'ETIMEDOUT';

/** Whether dns2 can put the name on the wire (labels 1–63 octets, name at most 253): else it would throw mid-send. */
export function encodableName(name: string): boolean {
  const bare = name.replace(/\.$/, '');
  return bare.length >= 1 && bare.length <= 253 && /^[\x21-\x7e]+$/.test(bare) && bare.split('.').every((l) => l.length >= 1 && l.length <= 63);
}

/** One question, with retries on timeout, never longer than the deadline; never throws. */
export async function query(server: DnsServer, name: string, type: QueryType, options: QueryOptions): Promise<DnsResponse> {
  const response = await ask(server, name, type, options);
  try {
    options.onAnswer?.(response.rcode);
  } catch {
    // an observer's failure is not the answer's
  }
  return response;
}

async function ask(server: DnsServer, name: string, type: QueryType, options: QueryOptions): Promise<DnsResponse> {
  if (!encodableName(name)) return { rcode: 'BADNAME', records: [], transport: null, truncated: false, tcpFallback: false };
  let unreachable = false;
  for (let attempt = 0; attempt < options.tries; attempt++) {
    const budget = Math.min(options.timeoutMs, options.deadline - Date.now());
    if (budget <= 0) break;
    let packet: Packet;
    try {
      packet = await udpExchange(server, name, type, budget);
    } catch (error) {
      unreachable = !isTimeout(error);
      continue;
    }
    if (packet.header.tc) {
      const tcpBudget = Math.min(options.timeoutMs, options.deadline - Date.now());
      try {
        if (tcpBudget <= 0) throw timeoutError(0);
        const full = await tcpExchange(server, name, type, tcpBudget);
        return { rcode: rcodeName(full.header.rcode), records: toRecords(full), transport: 'tcp', truncated: false, tcpFallback: true };
      } catch {
        return { rcode: rcodeName(packet.header.rcode), records: toRecords(packet), transport: 'udp', truncated: true, tcpFallback: false };
      }
    }
    return { rcode: rcodeName(packet.header.rcode), records: toRecords(packet), transport: 'udp', truncated: false, tcpFallback: false };
  }
  return { rcode: unreachable ? 'UNREACHABLE' : 'TIMEOUT', records: [], transport: null, truncated: false, tcpFallback: false };
}

/**
 * Asks for `type` at `name` and follows CNAMEs, in the answer or by asking again for the target
 * (RFC 2317 classless reverse delegation puts the PTR behind a CNAME). Bounded hops, loops detected.
 */
export async function resolve(server: DnsServer, name: string, type: QueryType, options: QueryOptions): Promise<Resolution> {
  const chain: DnsRecord[] = [];
  const seen = new Set([nameKey(name)]);
  let current = name;
  let last: DnsResponse = { rcode: 'TIMEOUT', records: [], transport: null, truncated: false, tcpFallback: false };
  let truncated = false;
  let tcpFallback = false;
  const done = (values: DnsRecord[], chainBroken = false): Resolution => ({
    ...last,
    truncated,
    tcpFallback,
    query: name,
    type,
    chain: [...chain, ...values],
    values,
    chainBroken,
  });
  for (let asked = 0; asked <= MAX_CNAME_HOPS; asked++) {
    last = await query(server, current, type, options);
    truncated ||= last.truncated;
    tcpFallback ||= last.tcpFallback;
    const askedFor = current;
    // Walk the chain the server already gave us.
    for (;;) {
      const key = nameKey(current);
      const values = last.records.filter((r) => r.type === type && nameKey(r.name) === key);
      if (values.length) return done(values);
      const cname = last.records.find((r) => r.type === 'CNAME' && nameKey(r.name) === key);
      if (!cname) break;
      chain.push(cname);
      if (seen.has(nameKey(cname.value)) || chain.length > MAX_CNAME_HOPS) return done([], true);
      seen.add(nameKey(cname.value));
      current = cname.value;
    }
    if (last.rcode !== 'NOERROR' || current === askedFor) return done([]);
  }
  return done([], true);
}

export function deadlineAfter(options: Pick<QueryOptions, 'timeoutMs' | 'tries'>, queries: number): number {
  return Date.now() + options.timeoutMs * options.tries * queries;
}
