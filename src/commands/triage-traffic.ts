/**
 * What the security-group checks of triage test, read from the user's words or flags: the service (a TCP port,
 * or ping), the caller's address range, and the other end of intranet traffic. Pure readers: every value is
 * checked here and a bad one comes back as a reason the command turns into a message.
 */
import type { ServiceSpec } from '../knowledge/schema.js';
import { formatCidr, type Cidr } from '../net/cidr.js';
import { ruleCidr } from '../net/security-group.js';
import { isValidInstanceId } from '../cloud/validate.js';

export const MAX_SERVICES = 5;

/** The other end of intranet traffic: another instance, a security group (any instance in it), or addresses. */
export type Peer = { kind: 'instance'; instanceId: string } | { kind: 'group'; groupId: string } | { kind: 'range'; cidr: Cidr };

export type ServiceRead = { ok: true; services: ServiceSpec[] } | { ok: false; value: string };

const CONNECTORS = String.raw`\s*(?:[,，、/&]|和|及|与|或|\band\b|\bor\b)\s*`;
const NUMBERS = String.raw`\d{1,6}(?:${CONNECTORS}\d{1,6})*`;
/** "port 443", "ports 80, 443", "端口 8080", "端口号:3306". */
const AFTER_WORD = new RegExp(String.raw`(?:\bports?\b|端口号?)\s*[:：#]?\s*(${NUMBERS})`, 'gi');
/** "443端口", "80和443端口", "8080 port". */
const BEFORE_WORD = new RegExp(String.raw`(?<![\w.:/-])(${NUMBERS})\s*(?:端口|\bports?\b)`, 'gi');
/** "47.96.10.20:8080", "example.com:8443", "localhost:3000". */
const HOST_PORT = /(?:\b\d{1,3}(?:\.\d{1,3}){3}|\blocalhost|\b[a-z0-9-]+(?:\.[a-z0-9-]+)+)\s*:(\d{1,6})(?![\d:])/gi;
/** A number on its own ("website unreachable 8080", "网站8080打不开"): not part of an IP, id, size or range. */
const BARE = /(?<![\w.:/%-])(\d{2,5})(?![\w.:/%-])/g;
/** What follows a number that is a count or a time, not a port ("3天", "10次"). */
const UNIT_AFTER = /^\s*[次天个台年月日号分秒时元块倍条位兆周]/;
/** Ports people name without saying "port"; other bare numbers count only from 1024 up (years excepted). */
const COMMON_PORTS = new Set([21, 22, 25, 53, 80, 110, 143, 443, 465, 587, 993, 995]);
const PING = /(?<![a-z])(?:ping|icmp)(?![a-z])/i;
/**
 * Remote login named by its protocol or tool, not its port (IANA's well-known ports: SSH is TCP 22, RDP TCP
 * 3389); "远程连接" / "remote login" alone may be either. Read only when the message names no port itself.
 */
const LOGIN_WORDS: Array<[RegExp, number[]]> = [
  [/(?<![a-z])(?:ssh|sftp|scp|putty|xshell)(?![a-z])/i, [22]],
  [/(?<![a-z])(?:rdp|mstsc)(?![a-z])|远程桌面|remote desktop/i, [3389]],
  [/远程(?:连接|登录|登陆|连)|remote(?:ly)? (?:login|log ?in|access|connect)|log ?in remotely/i, [22, 3389]],
];

const isPort = (n: number) => Number.isInteger(n) && n >= 1 && n <= 65535;
const looksLikeBarePort = (n: number) => COMMON_PORTS.has(n) || (n >= 1024 && n <= 65535 && !(n >= 1900 && n <= 2100));

/**
 * The services a message names, in order: ports said to be ports (a bad one is refused: "port 70000"), a
 * host:port, numbers on their own that look like ports, else remote-login words ("ssh", "远程桌面"), and ping.
 * Empty when it names none.
 */
export function servicesInText(raw: string): ServiceRead {
  const text = raw.normalize('NFKC');
  const found: Array<{ at: number; service: ServiceSpec }> = [];
  const taken: Array<[number, number]> = [];
  for (const pattern of [AFTER_WORD, BEFORE_WORD, HOST_PORT]) {
    for (const m of text.matchAll(pattern)) {
      const group = m[1]!;
      const start = m.index + m[0].indexOf(group);
      taken.push([start, start + group.length]);
      for (const n of group.split(new RegExp(CONNECTORS, 'i')).map(Number)) {
        if (!isPort(n)) return { ok: false, value: String(n) };
        found.push({ at: start, service: n });
      }
    }
  }
  for (const m of text.matchAll(BARE)) {
    const n = Number(m[1]);
    if (taken.some(([a, b]) => m.index >= a && m.index < b)) continue;
    if (UNIT_AFTER.test(text.slice(m.index + m[0].length)) || !looksLikeBarePort(n)) continue;
    found.push({ at: m.index, service: n });
  }
  if (!found.length) {
    for (const [pattern, ports] of LOGIN_WORDS) {
      const m = pattern.exec(text);
      if (m) for (const port of ports) found.push({ at: m.index, service: port });
    }
  }
  const ping = PING.exec(text);
  if (ping) found.push({ at: ping.index, service: 'ping' });
  const services = [...new Set(found.sort((a, b) => a.at - b.at).map((f) => f.service))];
  return { ok: true, services: services.slice(0, MAX_SERVICES) };
}

/** --port: "443", "80,443", "ping", "22,ping". */
export function parseServiceList(value: string): ServiceRead {
  const parts = value.split(/[,，\s]+/).filter(Boolean);
  if (!parts.length || parts.length > MAX_SERVICES) return { ok: false, value };
  const services: ServiceSpec[] = [];
  for (const part of parts) {
    if (/^(?:ping|icmp)$/i.test(part)) services.push('ping');
    else if (/^\d{1,5}$/.test(part) && isPort(Number(part))) services.push(Number(part));
    else return { ok: false, value: part };
  }
  return { ok: true, services: [...new Set(services)] };
}

/** An address or a CIDR block (an address alone is /32 or /128). */
export function parseRange(value: string): Cidr | undefined {
  const text = value.trim();
  return /^[0-9a-f:.]+(?:\/\d{1,3})?$/i.test(text) && text.length <= 64 ? ruleCidr(text) : undefined;
}

/** "from 203.0.113.0/24", "从 1.2.3.4 访问", "来自 2408::/32": the caller's range, when the message names one. */
export function callerInText(raw: string): Cidr | undefined {
  const m = /(?:\bfrom\b|从|来自)\s*(?:ip\s*)?([0-9a-f:.]+(?:\/\d{1,3})?)/i.exec(raw.normalize('NFKC'));
  return m ? parseRange(m[1]!.replace(/[.:]+$/, '')) : undefined;
}

/** --peer: an instance id, a security group id, or an address / CIDR block. */
export function parsePeer(value: string): Peer | undefined {
  const text = value.trim();
  if (isValidInstanceId(text)) return { kind: 'instance', instanceId: text };
  if (/^sg-[a-z0-9]{6,40}$/.test(text)) return { kind: 'group', groupId: text };
  const cidr = parseRange(text);
  return cidr ? { kind: 'range', cidr } : undefined;
}

/** How a service is written back in a flag: "80,443,ping". */
export const serviceFlag = (services: readonly ServiceSpec[]): string => services.join(',');
export const rangeFlag = (cidr: Cidr): string => formatCidr(cidr);
