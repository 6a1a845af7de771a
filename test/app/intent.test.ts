import { describe, expect, it } from 'vitest';
import { calculatorFor } from '../../src/app/intent.js';

describe('calculatorFor: the calculator signal of a message', () => {
  it.each([
    ['5M带宽入网多少', 'bw', ['5M']],
    ['买了150M带宽入网能到多少', 'bw', ['150M']],
    ['what does 20 Mbps bandwidth mean for inbound', 'bw', ['20Mbps']],
    ['can I change the public IP of a VPC instance created 2 hours ago', 'canswap', ['vpc', '2h']],
    ['实例创建了3小时 还能换公网ip吗', 'canswap', ['3小时']],
    ['我的vpc实例创建了2小时 没换过 能换公网ip吗', 'canswap', ['vpc', '2小时', 'swaps=0']],
    ['vpc box created 1h ago, stopped, never changed it, system assigned public ip - can i swap it', 'canswap', ['vpc', '1h', 'stopped', 'swaps=0', 'nat']],
    ['classic instance 3h old, 0 swaps, can i change its public ip', 'canswap', ['classic', '3h', 'swaps=0']],
    ['经典网络机器 创建4小时 已经换了两次公网ip 还能换吗', 'canswap', ['classic', '4小时', 'swaps=2']],
    // "the ip" without "public", ages in Chinese numbers, "在跑着", "changed ip once" (round 8).
    ['classic box 3 hours old, stopped, never changed the ip, can i swap it', 'canswap', ['classic', '3h', 'stopped', 'swaps=0']],
    ['vpc vm made 4h ago, running, changed ip once - can i change again', 'canswap', ['vpc', '4h', 'running', 'swaps=1']],
    ['这台经典网络的机器 建了两天了 在跑着 能换外网ip不', 'canswap', ['classic', '2天', 'running']],
    ['vpc实例 开了二十三个小时 换个ip行吗', 'canswap', ['vpc', '23小时']],
    ['10.0.0.0/16 分成 8 个子网', 'subnet', ['10.0.0.0/16', '--count', '8']],
    ['split 192.168.0.0/24 into 4 subnets', 'subnet', ['192.168.0.0/24', '--count', '4']],
    ['how do I divide 10.0.0.0/24 for 50 hosts', 'subnet', ['10.0.0.0/24', '--hosts', '50']],
    ['255.255.240.0 是多少位掩码', 'subnet', ['255.255.240.0']],
    ['PTR of 1.2.3.4', 'ptr', ['1.2.3.4']],
    ['reverse dns for 2400:3200::1', 'ptr', ['2400:3200::1']],
  ])('%s → %s %j', (text, command, tokens) => {
    expect(calculatorFor(text)).toEqual({ command, tokens });
  });
});

describe('calculatorFor: a private IP changed is no public IP swap', () => {
  it.each(['vpc实例创建2小时了 能改私网ip吗', 'can i change the private ip of a vpc box created 3h ago'])('%s → none', (text) => {
    expect(calculatorFor(text)).toBeUndefined();
  });
});

describe('calculatorFor: no signal without a figure or address', () => {
  it.each(['如何更换公网IP', 'what is an EIP', '公网带宽最多能开到多大', '怎么申请反向解析', 'how many ENIs can I attach', 'IPv6 地址能删除吗'])('%s → none', (text) => {
    expect(calculatorFor(text)).toBeUndefined();
  });
});
