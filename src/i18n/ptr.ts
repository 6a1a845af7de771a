import type { Bilingual } from './lang.js';

const ACCEPTED_IP = {
  zh: '接受：一个IPv4地址（如 192.0.2.10）或IPv6地址（如 2001:db8::10），不带前缀长度、端口、方括号或 %网卡',
  en: 'Accepted: one IPv4 address (e.g. 192.0.2.10) or IPv6 address (e.g. 2001:db8::10), without a prefix length, port, brackets or %zone',
};
const ACCEPTED_SERVER = {
  zh: '接受：IP、IP:端口、[IPv6]:端口 或 IPv6地址，端口 1–65535，例如 --server 192.0.2.53:53 或 --server [2001:db8::53]:5353',
  en: 'Accepted: IP, IP:port, [IPv6]:port or a bare IPv6 address, port 1–65535, e.g. --server 192.0.2.53:53 or --server [2001:db8::53]:5353',
};

/** Every user-facing string of the `ptr` command and its replies. */
export const ptrStrings = {
  summary: {
    zh: '实时检查一个IP的反向解析（PTR）：条数、正反向一致、通用名称、TTL，以及没有时如何申请',
    en: 'Live reverse DNS (PTR) check of one IP: count, forward confirmation, generic names, TTL, and how to apply when missing',
  },
  usage: {
    zh: 'ecs-netbot ptr <IP> [--server IP[:端口]] [--json] [--lang zh|en]\n不给 --server 时依次使用环境变量 NETBOT_DNS_SERVER、/etc/resolv.conf 的第一个 nameserver',
    en: 'ecs-netbot ptr <ip> [--server IP[:port]] [--json] [--lang zh|en]\nWithout --server: the NETBOT_DNS_SERVER environment variable, else the first nameserver of /etc/resolv.conf',
  },
  examples: {
    zh: ['ecs-netbot ptr 121.196.255.1', 'ecs-netbot ptr 2001:db8::10 --server [2001:db8::53]:53', 'ecs-netbot ptr 192.0.2.10 --server 127.0.0.1:5353 --json'],
    en: ['ecs-netbot ptr 121.196.255.1', 'ecs-netbot ptr 2001:db8::10 --server [2001:db8::53]:53', 'ecs-netbot ptr 192.0.2.10 --server 127.0.0.1:5353 --json'],
  },

  // ---- input errors ----
  missingIp: { zh: '缺少要检查的IP地址。{accepted}。例如：ecs-netbot ptr 192.0.2.10', en: 'No IP address to check. {accepted}. Example: ecs-netbot ptr 192.0.2.10' },
  tooManyIps: {
    zh: '一次只检查一个IP地址，收到 {count} 个（"{input}"）。{accepted}。例如：ecs-netbot ptr 192.0.2.10',
    en: 'Checks one IP address at a time, got {count} ("{input}"). {accepted}. Example: ecs-netbot ptr 192.0.2.10',
  },
  ip: {
    empty: { zh: '缺少要检查的IP地址。{accepted}。例如：ecs-netbot ptr 192.0.2.10', en: 'No IP address to check. {accepted}. Example: ecs-netbot ptr 192.0.2.10' },
    too_long: { zh: '"{input}" 太长，不是一个IP地址。{accepted}。', en: '"{input}" is too long to be an IP address. {accepted}.' },
    multiple: { zh: '"{input}" 像是多个地址：一次只检查一个。{accepted}。', en: '"{input}" looks like several addresses: check one at a time. {accepted}.' },
    prefix: {
      zh: '"{input}" 带有前缀长度：反向解析针对单个地址，请去掉 "/…"。例如：ecs-netbot ptr 192.0.2.10',
      en: '"{input}" has a prefix length: reverse DNS is per address, drop the "/…". Example: ecs-netbot ptr 192.0.2.10',
    },
    zone: {
      zh: '"{input}" 带有 %网卡（zone）：请只写地址本身。例如：ecs-netbot ptr 2001:db8::10',
      en: '"{input}" has a %zone: give the address alone. Example: ecs-netbot ptr 2001:db8::10',
    },
    port: {
      zh: '"{input}" 带有端口：请只写地址；要指定DNS服务器端口请用 --server。例如：ecs-netbot ptr 192.0.2.10 --server 127.0.0.1:5353',
      en: '"{input}" has a port: give the address alone; to choose the DNS server port use --server. Example: ecs-netbot ptr 192.0.2.10 --server 127.0.0.1:5353',
    },
    brackets: { zh: '"{input}"：IPv6地址请不带方括号。例如：ecs-netbot ptr 2001:db8::10', en: '"{input}": write the IPv6 address without brackets. Example: ecs-netbot ptr 2001:db8::10' },
    leading_zero: {
      zh: '"{input}" 的某段有前导零（如 010）：有的程序按八进制理解，含义不明确。请去掉前导零，例如 10.1.1.1',
      en: '"{input}" has a part with a leading zero (like 010), which some software reads as octal: ambiguous. Drop the leading zeros, e.g. 10.1.1.1',
    },
    octet_range: { zh: '"{input}" 中有大于 255 的段，不是IPv4地址。{accepted}。', en: '"{input}" has a part above 255: not an IPv4 address. {accepted}.' },
    hostname: {
      zh: '"{input}" 是域名，不是IP：反向解析查的是IP地址。先查出它的IP（如 dig +short {input}），再运行 ecs-netbot ptr <IP>',
      en: '"{input}" is a hostname, not an IP: reverse DNS is looked up by address. Find its IP first (e.g. dig +short {input}), then run ecs-netbot ptr <ip>',
    },
    not_ip: { zh: '"{input}" 不是IP地址。{accepted}。', en: '"{input}" is not an IP address. {accepted}.' },
  } satisfies Record<string, Bilingual>,
  serverNotAllowed: {
    zh: '在聊天中不能用 --server 指定 DNS 服务器（否则任何人都能让机器人向任意地址发包）。机器人使用运维配置的 NETBOT_DNS_SERVER 或系统解析器。例如：/ecs-ptr 1.2.3.4',
    en: 'In chat, --server is not available (it would let anyone make the bot send packets to any address). The bot uses the operator-configured NETBOT_DNS_SERVER or the system resolver. Example: /ecs-ptr 1.2.3.4',
  },
  badServer: {
    zh: '--server "{input}" 无效：{why}。{accepted}',
    en: '--server "{input}" is not valid: {why}. {accepted}',
  },
  badEnvServer: {
    zh: '环境变量 NETBOT_DNS_SERVER="{input}" 无效：{why}。{accepted}',
    en: 'The NETBOT_DNS_SERVER environment variable "{input}" is not valid: {why}. {accepted}',
  },
  badEnvTimeout: {
    zh: '环境变量 NETBOT_DNS_TIMEOUT_MS="{input}" 无效：需要 1 到 {max} 之间的整数（毫秒），例如 NETBOT_DNS_TIMEOUT_MS=2000',
    en: 'The NETBOT_DNS_TIMEOUT_MS environment variable "{input}" is not valid: it takes a whole number of milliseconds from 1 to {max}, e.g. NETBOT_DNS_TIMEOUT_MS=2000',
  },
  serverWhy: {
    empty: { zh: '没有给出地址', en: 'no address given' },
    too_long: { zh: '太长', en: 'too long' },
    multiple: { zh: '只能给一个服务器', en: 'give one server only' },
    prefix: { zh: '不能带前缀长度', en: 'no prefix length allowed' },
    zone: { zh: '不支持 %网卡', en: '%zone is not supported' },
    port: { zh: '端口写法不对', en: 'the port is malformed' },
    brackets: { zh: '方括号写法不对', en: 'the brackets are malformed' },
    leading_zero: { zh: '地址某段有前导零', en: 'a part of the address has a leading zero' },
    octet_range: { zh: '地址某段大于 255', en: 'a part of the address is above 255' },
    hostname: { zh: '请给出IP地址（不解析主机名，以保证检查时间有上限）', en: 'give an IP address (host names are not resolved, to keep the check bounded in time)' },
    not_ip: { zh: '不是IP地址', en: 'not an IP address' },
    bad_port: { zh: '端口必须是 1–65535 的整数', en: 'the port must be a whole number from 1 to 65535' },
  } satisfies Record<string, Bilingual>,

  // ---- findings the command states itself (DNS outcomes and input notes) ----
  finding: {
    'mapped-ipv4': {
      zh: '{input} 是IPv4映射的IPv6地址，按IPv4地址 {ip} 检查（查询 in-addr.arpa）。',
      en: '{input} is an IPv4-mapped IPv6 address: checked as the IPv4 address {ip} (under in-addr.arpa).',
    },
    nxdomain: {
      zh: '服务器答复 NXDOMAIN：反向域名 {reverseName} 不存在，即该IP没有发布反向解析。',
      en: 'The server answered NXDOMAIN: the reverse name {reverseName} does not exist, so no reverse DNS is published for this IP.',
    },
    servfail: {
      zh: '服务器答复 SERVFAIL：它没能完成查询（常见原因：反向区域的授权（delegation）出错、权威服务器无响应或 DNSSEC 校验失败）。这不代表没有PTR；稍后重试，或用 dig -x {ip} +trace +nodnssec 逐级排查。',
      en: 'The server answered SERVFAIL: it could not complete the lookup (often a broken delegation of the reverse zone, unresponsive authoritative servers or a DNSSEC failure). This does not mean there is no PTR; retry later, or trace it with dig -x {ip} +trace +nodnssec.',
    },
    refused: {
      zh: '服务器 {server} 答复 REFUSED：它拒绝为你查询（不对你开放递归，或不负责这个区域）。请换一个递归DNS服务器，例如 --server 指定你的VPC或公共DNS。',
      en: 'The server {server} answered REFUSED: it will not answer this for you (no recursion for your address, or not authoritative for the zone). Use a recursive resolver instead, via --server.',
    },
    timeout: {
      zh: '服务器 {server} 在 {tries} 次尝试内（每次 {timeoutMs} 毫秒）没有答复：检查地址和端口、安全组或防火墙是否放行 UDP/TCP 53，或换一个 --server。',
      en: 'No answer from {server} in {tries} tries of {timeoutMs} ms each: check the address and port, whether security groups or firewalls allow UDP/TCP 53, or use another --server.',
    },
    unreachable: {
      zh: '无法向 {server} 发送查询（网络不可达）：检查本机网络和路由，或换一个 --server。',
      en: 'Could not send the query to {server} (network unreachable): check this host\'s network and routes, or use another --server.',
    },
    'dns-error': {
      zh: '服务器答复 {rcode}：查询没有成功，无法判断是否有PTR。换一个 --server 再试。',
      en: 'The server answered {rcode}: the lookup failed, so whether a PTR exists is unknown. Try another --server.',
    },
    truncated: {
      zh: 'UDP 答复被截断（TC 位），改用 TCP 也没有拿到完整答复：下面的结果可能不完整。',
      en: 'The UDP answer was truncated (TC bit) and TCP did not give the full answer: the result below may be incomplete.',
    },
    'tcp-fallback': { zh: 'UDP 答复被截断（TC 位），已改用 TCP 取得完整答复。', en: 'The UDP answer was truncated (TC bit); the full answer was fetched over TCP.' },
    'cname-loop': {
      zh: '反向域名的 CNAME 链循环或超过 {max} 跳，无法找到PTR：请检查 RFC 2317 无类别委派的配置。',
      en: 'The CNAME chain of the reverse name loops or is longer than {max} hops, so no PTR could be reached: check the RFC 2317 classless delegation.',
    },
    'classless-delegation': {
      zh: '反向域名通过 CNAME 指向 {target}（RFC 2317 无类别委派），PTR 在那里。',
      en: 'The reverse name is a CNAME to {target} (RFC 2317 classless delegation); the PTR lives there.',
    },
  } satisfies Record<string, Bilingual>,

  // ---- reply ----
  title: { zh: '{ip} 的反向解析', en: 'Reverse DNS for {ip}' },
  fieldServer: { zh: 'DNS服务器', en: 'DNS server' },
  fieldReverseName: { zh: '反向域名', en: 'Reverse name' },
  fieldStatus: { zh: '答复', en: 'Answer' },
  fieldForward: { zh: '正反向一致', en: 'Forward-confirmed' },
  serverFrom: {
    flag: { zh: '（--server）', en: '(--server)' },
    env: { zh: '（NETBOT_DNS_SERVER）', en: '(NETBOT_DNS_SERVER)' },
    system: { zh: '（系统解析器 /etc/resolv.conf）', en: '(system resolver, /etc/resolv.conf)' },
  } satisfies Record<string, Bilingual>,
  viaTcp: { zh: '，经 TCP', en: ', over TCP' },
  yes: { zh: '是', en: 'yes' },
  no: { zh: '否', en: 'no' },
  notChecked: { zh: '未检查', en: 'not checked' },
  answerSection: { zh: '反向查询答复：', en: 'Reverse lookup answer:' },
  forwardSection: { zh: '正向查询（{type} {name}）：{rcode}', en: 'Forward lookup ({type} {name}): {rcode}' },
  noRecords: { zh: ';; 没有记录（{rcode}）', en: ';; no records ({rcode})' },
  sources: { zh: '来源：', en: 'Sources: ' },
  severity: {
    error: { zh: '错误：', en: 'error: ' },
    warning: { zh: '警告：', en: 'warning: ' },
    info: { zh: '提示：', en: 'note: ' },
  } satisfies Record<string, Bilingual>,
} as const;

export const PTR_ACCEPTED = { ip: ACCEPTED_IP, server: ACCEPTED_SERVER };
