/** Strings of the local console. */
export const consoleStrings = {
  banner: {
    zh: 'ecs-netbot 本地控制台（未设置 Slack 凭据）。直接提问，或输入命令，例如 /ecs-bw 5、/ecs-subnet 10.0.0.0/16 --count 4。输入 exit 退出。',
    en: 'ecs-netbot local console (no Slack credentials set). Ask a question, or type a command such as /ecs-bw 5 or /ecs-subnet 10.0.0.0/16 --count 4. Type exit to quit.',
  },
} as const;
