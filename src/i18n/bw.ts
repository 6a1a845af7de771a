/** Every user-facing string of the `bw` command. */
export const bwStrings = {
  summary: {
    zh: '解释公网带宽数值的含义：出网/入网上限、0 Mbps、计费方向、内网带宽',
    en: 'What a public bandwidth figure means: outbound/inbound caps, 0 Mbps, billing direction, intranet bandwidth',
  },
  usage: {
    zh: 'ecs-netbot bw <带宽> [intranet] [--json] [--lang zh|en]\n带宽写法：5、5M、5Mbps、5 Mbit/s、500Kbps、0.2Gbps（不区分大小写，单位为比特）\necs-netbot bw intranet   （内网带宽）',
    en: 'ecs-netbot bw <bandwidth> [intranet] [--json] [--lang zh|en]\nBandwidth forms: 5, 5M, 5Mbps, 5 Mbit/s, 500Kbps, 0.2Gbps (case-insensitive, bits)\necs-netbot bw intranet   (intranet bandwidth)',
  },
  examples: {
    zh: ['ecs-netbot bw 5M', 'ecs-netbot bw 150Mbps', 'ecs-netbot bw 0', 'ecs-netbot bw intranet', 'ecs-netbot bw 500Kbps --json'],
    en: ['ecs-netbot bw 5M', 'ecs-netbot bw 150Mbps', 'ecs-netbot bw 0', 'ecs-netbot bw intranet', 'ecs-netbot bw 500Kbps --json'],
  },
  missing: {
    zh: '请给出带宽数值，例如：bw 5M（或 bw intranet 查看内网带宽）。可用写法：5、5M、5Mbps、5 Mbit/s、500Kbps、0.2Gbps',
    en: 'Give a bandwidth figure, e.g. bw 5M (or bw intranet for intranet bandwidth). Accepted: 5, 5M, 5Mbps, 5 Mbit/s, 500Kbps, 0.2Gbps',
  },
  unreadable: {
    zh: '看不懂带宽 "{input}"。可用写法：5、5M、5Mbps、5 Mbit/s、500Kbps、0.2Gbps（数字加可选单位 K/M/G）。例如：bw 5Mbps',
    en: 'Cannot read bandwidth "{input}". Accepted: 5, 5M, 5Mbps, 5 Mbit/s, 500Kbps, 0.2Gbps (a number with an optional K/M/G unit). Example: bw 5Mbps',
  },
  bytesAmbiguous: {
    zh: '"{input}" 可能是字节每秒（MB/s），而带宽按比特计。请写成比特，例如：bw 5Mbps 或 bw 5Mbit/s（1 MB/s ≈ 8 Mbps）',
    en: '"{input}" may mean bytes per second (MB/s), but bandwidth is sold in bits. Write it in bits, e.g. bw 5Mbps or bw 5Mbit/s (1 MB/s ≈ 8 Mbps)',
  },
  outOfRange: {
    zh: '带宽 {value} Mbps 超出范围：公网出网带宽可选 0 到 {max} Mbps（经典网络和专有网络相同，§9）。例如：bw 100',
    en: 'Bandwidth {value} Mbps is out of range: public outbound bandwidth is 0 to {max} Mbps (classic and VPC alike, §9). Example: bw 100',
  },
  negative: {
    zh: '带宽不能为负数（收到 {input}）。可选范围 0 到 {max} Mbps，例如：bw 5',
    en: 'Bandwidth cannot be negative (got {input}). The range is 0 to {max} Mbps, e.g. bw 5',
  },
  twoFigures: {
    zh: '只能给一个带宽数值，收到 "{input}"。例如：bw 5M',
    en: 'Give one bandwidth figure only, got "{input}". Example: bw 5M',
  },
  title: { zh: '公网带宽 {value} Mbps 的含义', en: 'What {value} Mbps public bandwidth means' },
  titleIntranet: { zh: '内网带宽', en: 'Intranet bandwidth' },
  outbound: { zh: '出网带宽（购买、计费）', en: 'Outbound (bought, billed)' },
  inbound: { zh: '入网带宽上限', en: 'Inbound max' },
  converted: { zh: '（{input} = {value} Mbps）', en: '({input} = {value} Mbps)' },
  sources: { zh: '来源：', en: 'Sources: ' },
  mbps: { zh: '{value} Mbps', en: '{value} Mbps' },
} as const;
