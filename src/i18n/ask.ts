import type { Bilingual } from './lang.js';

/** Every user-facing string of the `ask` command and its replies. */
export const askStrings = {
  summary: {
    zh: '用中文或英文提问 ECS 网络问题，得到引用原文章节的答案',
    en: 'Ask an ECS networking question in Chinese or English; get a cited answer',
  },
  usage: {
    zh: 'ecs-netbot ask "<问题>" [--json] [--lang zh|en] [--top N]\necs-netbot ask --json --batch   （从标准输入每行读一个问题）',
    en: 'ecs-netbot ask "<question>" [--json] [--lang zh|en] [--top N]\necs-netbot ask --json --batch   (one question per line on stdin)',
  },
  examples: {
    zh: ['ecs-netbot ask "5M带宽入网最大多少"', 'ecs-netbot ask "弹性网卡能跨可用区绑定吗" --top 5', 'ecs-netbot ask "how do I enable IPv6 on CentOS" --lang zh'],
    en: ['ecs-netbot ask "what does 5 Mbps bandwidth mean for inbound"', 'ecs-netbot ask "can an ENI be attached across zones" --top 5', 'ecs-netbot ask "怎么申请反向解析" --lang en'],
  },
  emptyQuestion: {
    zh: '没有问题可答：请在 ask 后面写上问题，例如：ecs-netbot ask "如何更换公网IP"',
    en: 'There is no question to answer: put it after ask, e.g. ecs-netbot ask "how do I change the public IP"',
  },
  tooLong: {
    zh: '问题太长（{length} 个字符，最多 {max}）。请缩短成一句话，例如："弹性网卡最多绑定几个"',
    en: 'The question is too long ({length} characters, at most {max}). Shorten it to one sentence, e.g. "how many ENIs can I attach"',
  },
  badTop: {
    zh: '--top 需要 1 到 {max} 之间的整数，收到 "{value}"。例如：--top 5',
    en: '--top takes a whole number from 1 to {max}, got "{value}". Example: --top 5',
  },
  batchWithQuestion: {
    zh: '--batch 从标准输入读取问题，不能同时在命令行上给出问题。例如：cat questions.txt | ecs-netbot ask --json --batch',
    en: '--batch reads questions from stdin and takes none on the command line. Example: cat questions.txt | ecs-netbot ask --json --batch',
  },
  source: { zh: '来源：《{doc}》{version} 第 {section} 节「{title}」', en: 'Source: "{doc}" ({version}), §{section} {title}' },
  contradiction: { zh: '⚠ 文档前后不一致：', en: '⚠ The guide contradicts itself here: ' },
  tryCommand: { zh: '这个问题用命令算得更准：{command}', en: 'A command answers this more precisely: {command}' },
  didYouMean: { zh: '没有把握直接回答。你是想问：', en: 'No confident answer. Did you mean:' },
  probable: { zh: '🤔 可能是这个答案（不十分确定）：', en: '🤔 Probably this (not certain):' },
  orDidYouMean: { zh: '如果不是，你是想问：', en: 'If not, did you mean:' },
  readAs: { zh: '↪ 理解为：{text}', en: '↪ Read as: {text}' },
  noneOfThese: { zh: '都不是', en: 'None of these' },
  decline: {
    zh: '抱歉，知识库里没有能可靠回答这个问题的内容（它只覆盖阿里云 ECS 网络指南）。',
    en: "Sorry, I don't have a confident answer to that: the knowledge base covers only the Alibaba Cloud ECS networking guide.",
  },
  declineForeign: {
    zh: '这个问题看起来是关于 {cloud} 的。我只回答阿里云 ECS 网络的问题（依据《云服务器ECS 网络》指南）。',
    en: 'That looks like a question about {cloud}. I only answer questions about Alibaba Cloud ECS networking (from the ECS networking guide).',
  },
  declineTopic: {
    zh: '这个问题看起来是关于「{topic}」的，不在 ECS 网络指南的范围内（它只覆盖网络类型、IP 地址、IPv6、弹性网卡、多队列、迁移和网络 FAQ）。',
    en: 'That looks like a question about {topic}, which the ECS networking guide does not cover (it covers network types, IP addresses, IPv6, ENIs, multi-queue, migration and the network FAQ).',
  },
  declineTips: {
    zh: ['换个说法，或带上关键词：公网IP、EIP、弹性网卡、IPv6、带宽、安全组、反向解析', '算带宽、子网、反向解析或能否换 IP，请直接用命令：/ecs-bw 5、/ecs-subnet 10.0.0.0/16 --count 4、/ecs-ptr 1.2.3.4、/ecs-canswap vpc 2h'],
    en: ['Rephrase, or add a keyword: public IP, EIP, ENI, IPv6, bandwidth, security group, reverse DNS', 'For calculations use a command: /ecs-bw 5, /ecs-subnet 10.0.0.0/16 --count 4, /ecs-ptr 1.2.3.4, /ecs-canswap vpc 2h'],
  },
  runOffer: { zh: '🧮 直接计算：{command}', en: '🧮 Calculate it: {command}' },
  relatedAnswer: { zh: '💬 指南中的回答：{question}', en: '💬 The guide\'s answer: {question}' },
  moreLikeThis: { zh: '相关：', en: 'Related: ' },
  confidence: { zh: '置信度 {value}', en: 'confidence {value}' },
} satisfies Record<string, Bilingual | Record<'zh' | 'en', string[]>>;
