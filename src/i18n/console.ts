/** Strings of the local console. */
export const consoleStrings = {
  banner: {
    zh: 'ecs-netbot 本地控制台（未设置 Slack 凭据）。直接提问，或输入命令，例如 /ecs-bw 5、/ecs-subnet 10.0.0.0/16 --count 4。输入 help 看全部命令，exit 退出。',
    en: 'ecs-netbot local console (no Slack credentials set). Ask a question, or type a command such as /ecs-bw 5 or /ecs-subnet 10.0.0.0/16 --count 4. Type help for everything, exit to quit.',
  },
  helpTitle: { zh: 'ecs-netbot 控制台', en: 'ecs-netbot console' },
  helpIntro: {
    zh: '直接用中文或英文提问（接着追问也行，比如“那经典网络呢”“要停机吗”），或输入下面的命令：',
    en: 'Ask in Chinese or English (follow-ups work too: "and for classic?", "do I need to stop it?"), or type a command:',
  },
  helpConsole: {
    zh: [
      '1、2、3：选择上一条回答里编号的条目',
      'show <条目ID>：显示一个知识条目（用你提问的语言）',
      'new：开始新话题（不再接着上一个问题理解）',
      'help、commands、?：显示本帮助；exit：退出',
    ],
    en: [
      '1, 2, 3: pick a numbered entry from the last reply',
      'show <entry-id>: show one knowledge entry (in the language you asked in)',
      'new: start a new topic (the next question is not read as a follow-up)',
      'help, commands, ?: this help; exit: quit',
    ],
  },
  noPick: {
    zh: '上一条回答里没有编号 {n}。可选：{range}。也可以直接提问。',
    en: 'The last reply has no pick {n}. Choose {range}, or ask a question.',
  },
  noPicks: { zh: '上一条回答里没有可选的编号。直接提问即可。', en: 'The last reply offered nothing to pick. Just ask a question.' },
  unknownEntry: {
    zh: '没有 "{id}" 这个条目。条目 ID 形如 eni-what-is-eni；回答下方的编号可以直接输入。',
    en: 'There is no entry "{id}". Entry ids look like eni-what-is-eni; you can also type the numbers under a reply.',
  },
  newTopic: { zh: '好的，下一个问题按新话题理解。', en: 'OK: the next question starts a new topic.' },
  /** Ctrl-C: the line typed so far is dropped; a second Ctrl-C quits. */
  interrupted: { zh: '（要退出，再按一次 Ctrl-C，或按 Ctrl-D、输入 exit。）', en: '(To quit, press Ctrl-C again, or Ctrl-D, or type exit.)' },
  /** The first question waits for the search index (loaded or built on first use). */
  loading: { zh: '正在加载搜索索引……（只在第一次提问时，几秒内完成）', en: 'Loading the search index… (first question only, a few seconds at most)' },
  historyUnsaved: {
    zh: '无法保存输入历史到 {path}（本次会话照常使用）。设置 NETBOT_HISTORY=off 可关闭历史。',
    en: 'Could not save the input history to {path} (this session goes on without it). NETBOT_HISTORY=off turns history off.',
  },
} as const;
