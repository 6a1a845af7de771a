/** Every user-facing string of the Slack front end (commands' own strings live in src/i18n). */
export const slackStrings = {
  notAllowed: {
    zh: '抱歉，这个机器人只对指定的用户和频道开放。如需使用，请联系管理员。',
    en: 'Sorry, this bot is only available to selected users and channels. Please ask your admin for access.',
  },
  feedbackThanks: { zh: '谢谢反馈！已记录。', en: 'Thanks for the feedback! It has been recorded.' },
  downReason: {
    title: { zh: '哪里不对？', en: 'What was wrong?' },
    submit: { zh: '提交', en: 'Send' },
    close: { zh: '跳过', en: 'Skip' },
    intro: { zh: '你的 👎 已记录。告诉我们原因，维护者会据此修改知识库。', en: 'Your 👎 is recorded. Tell us why and the maintainers will fix the knowledge base.' },
    reason: { zh: '原因', en: 'Reason' },
    reasons: {
      wrong: { zh: '答案错了', en: 'Wrong answer' },
      outdated: { zh: '内容过时', en: 'Outdated' },
      unclear: { zh: '看不明白', en: 'Unclear' },
      not_asked: { zh: '答非所问', en: 'Not what I asked' },
    },
    note: { zh: '补充说明（可选）', en: 'Anything to add (optional)' },
    notePlaceholder: { zh: '例如：控制台的入口已经改了', en: 'e.g. the console menu has moved' },
    pickOne: { zh: '请选择一个原因，或点“跳过”。', en: 'Pick a reason, or choose Skip.' },
  },
  report: {
    unavailable: {
      zh: '报告暂时不可用：数据库连接不上（已记录日志）。回答不受影响。',
      en: 'The report is unavailable right now: the database cannot be reached (logged). Answers are not affected.',
    },
    recordingOff: { zh: '记录已关闭（NETBOT_RECORD=off），没有可报告的数据。', en: 'Recording is off (NETBOT_RECORD=off): there is nothing to report.' },
    homeTitle: { zh: '维护者：近 7 天的知识缺口报告', en: 'Maintainers: knowledge gaps, last 7 days' },
    homeHint: { zh: '完整报告：/ecs-ask report 或终端 ecs-netbot report --since 7d', en: 'Full report: /ecs-ask report, or ecs-netbot report --since 7d in a terminal' },
    computedAgo: {
      zh: '统计于 {age}前（{at}），每 {every} 分钟更新一次；/ecs-ask report refresh 立即重新统计。',
      en: 'Computed {age} ago ({at}), refreshed every {every} min; /ecs-ask report refresh recomputes it now.',
    },
    ageMinutes: { zh: '{n} 分钟', en: '{n} min' },
    ageHours: { zh: '{n} 小时', en: '{n} h' },
    ageDays: { zh: '{n} 天', en: '{n} d' },
    refreshing: { zh: '正在重新统计，完成后自动更新。', en: 'A fresh copy is being computed; this updates when it is ready.' },
    computing: {
      zh: '正在统计报告（数据多时需要几秒钟），完成后自动更新。',
      en: 'Computing the report (a few seconds with a lot of data); it shows up here when it is ready.',
    },
  },
  experts: {
    button: { zh: '问问专家', en: 'Ask the experts' },
    offer: {
      zh: '还是没解决？可以把问题发到专家频道，由人来回答，回答会发到你的话题里。',
      en: "Still stuck? Send the question to the experts' channel: a person answers, and the answer comes back to your thread.",
    },
    confirmIntro: {
      zh: '将在专家频道 <#{channel}> 发布下面这条消息（只有你能看到这个预览）：',
      en: "This exact message will be posted in the experts' channel <#{channel}> (only you see this preview):",
    },
    send: { zh: '发送给专家', en: 'Send to the experts' },
    cancel: { zh: '取消', en: 'Cancel' },
    cancelled: { zh: '已取消，没有发送任何内容。', en: 'Cancelled: nothing was sent.' },
    sent: { zh: '已发到专家频道。专家的回答会发到你的话题里。', en: "Sent to the experts' channel. Their answers will be posted in your thread." },
    alreadySent: {
      zh: '这个问题已经发给专家了，他们的回答会发到你的话题里。',
      en: 'This question was already sent to the experts; their answers will be posted in your thread.',
    },
    invalid: {
      zh: '这个按钮无效（已过期或被改动），没有发送任何内容。请重新提问。',
      en: 'This button is not valid (expired or altered): nothing was sent. Please ask again.',
    },
    notYours: {
      zh: '只有提问的人可以把这个问题发给专家。有同样的问题？@ecs-netbot 自己问一次。',
      en: 'Only the person who asked can send this question to the experts. Same question? Ask @ecs-netbot yourself.',
    },
    notConfigured: {
      zh: '没有配置专家频道（NETBOT_EXPERTS_CHANNEL），没有发送任何内容。',
      en: "No experts' channel is configured (NETBOT_EXPERTS_CHANNEL): nothing was sent.",
    },
    postFailed: {
      zh: '发不到专家频道（{code}）：请管理员把 @ecs-netbot 邀请进该频道，然后再点一次“问问专家”。',
      en: "Could not post in the experts' channel ({code}): ask an admin to invite @ecs-netbot to it, then press Ask the experts again.",
    },
    postHeader: { zh: '{asker} 的问题，ecs-netbot 答不上来：', en: 'A question from {asker} that ecs-netbot could not answer:' },
    postLink: { zh: '打开提问的话题', en: 'Open their thread' },
    postDm: { zh: '（在与机器人的私信里问的：链接只有提问者能打开。）', en: '(Asked in a direct message with the bot: only the asker can open it.)' },
    postFooter: {
      zh: '在本话题里回复即可：回复会转发给提问者，并作为候选答案供维护者加入知识库。要指向已有答案，写上它的条目 id（例如 faq-reverse-dns-apply）。',
      en: 'Reply in this thread: replies are passed on to the asker and kept as candidate answers for the knowledge base. To point at an existing answer, include its entry id (e.g. faq-reverse-dns-apply).',
    },
    relayHeader: {
      zh: '{expert} 在专家频道的回答（来自人工，不出自指南）：',
      en: "{expert} answered in the experts' channel (from a person, not from the guide):",
    },
    relayFailed: { zh: '没能转发给提问者（{code}）。回答已作为候选答案记录。', en: 'Could not pass this on to the asker ({code}). It is kept as a candidate answer.' },
  },
  entryMissing: {
    zh: '这条知识已不存在（知识库可能已更新）。请重新提问。',
    en: 'That entry no longer exists (the knowledge base may have been updated). Please ask again.',
  },
  shortcutEmpty: {
    zh: '这条消息没有文字可以回答。请对一条写着问题的消息使用“Ask ecs-netbot”。',
    en: 'That message has no text to answer. Use "Ask ecs-netbot" on a message that asks a question.',
  },
  busy: {
    zh: '机器人现在太忙了，这条请求没有处理。请过几秒再试一次。',
    en: 'The bot is too busy right now and did not handle this request. Please try again in a few seconds.',
  },
  runFailed: {
    zh: '这个按钮已失效，请重新提问或直接输入命令。',
    en: 'This button no longer works: ask again, or type the command.',
  },
  cardRefused: {
    zh: '这个按钮无效（可能被改动过），没有执行任何操作。请重新运行 /ecs-instance。',
    en: 'This button is not valid (it may have been altered), so nothing was done. Run /ecs-instance again.',
  },
  shareFailed: {
    zh: '无法分享到频道（消息已过期）。请重新运行命令。',
    en: 'Could not share to the channel (the message has expired). Please run the command again.',
  },
  internal: {
    zh: '内部错误，已记录。请稍后再试或换个说法。',
    en: 'Internal error; it has been logged. Please try again or rephrase.',
  },
  modal: {
    title: { zh: '能否更换公网IP', en: 'Can I change the IP?' },
    submit: { zh: '判断', en: 'Check' },
    close: { zh: '取消', en: 'Cancel' },
    intro: {
      zh: '填写你知道的事实（都可不填）；缺少的事实会标为“未知”，不会猜测。',
      en: 'Fill in what you know (all optional); missing facts are marked unknown, never guessed.',
    },
    network: { zh: '网络类型', en: 'Network type' },
    age: { zh: '实例已创建多久', en: 'Instance age' },
    agePlaceholder: { zh: '例如 2h、90m、5h59m、2小时', en: 'e.g. 2h, 90m, 5h59m' },
    created: { zh: '或：创建时间（ISO 8601，带时区）', en: 'Or: creation time (ISO 8601 with zone)' },
    createdPlaceholder: { zh: '例如 2026-11-26T08:00:00Z', en: 'e.g. 2026-11-26T08:00:00Z' },
    swaps: { zh: '已更换公网IP的次数', en: 'Times the public IP was already changed' },
    swapsPlaceholder: { zh: '例如 0', en: 'e.g. 0' },
    status: { zh: '实例状态', en: 'Instance status' },
    publicIp: { zh: '公网IP类型', en: 'Public IP kind' },
    billing: { zh: '计费方式', en: 'Billing method' },
    choose: { zh: '请选择', en: 'Choose' },
    options: {
      vpc: { zh: '专有网络 VPC', en: 'VPC' },
      classic: { zh: '经典网络', en: 'Classic network' },
      running: { zh: '运行中', en: 'Running' },
      stopped: { zh: '已停止', en: 'Stopped' },
      nat: { zh: '系统分配的公网IP（NAT）', en: 'System-assigned public IP (NAT)' },
      eip: { zh: '弹性公网IP（EIP）', en: 'Elastic IP (EIP)' },
      none: { zh: '无公网IP', en: 'No public IP' },
      prepaid: { zh: '包年包月', en: 'Subscription (prepaid)' },
      postpaid: { zh: '按量付费', en: 'Pay-as-you-go (postpaid)' },
    },
  },
  home: {
    title: { zh: 'ecs-netbot：阿里云 ECS 网络助手', en: 'ecs-netbot: your Alibaba Cloud ECS networking assistant' },
    intro: {
      zh: '在频道里 @我 或给我发私信提问，我会在话题里回答并引用指南原文章节。计算类问题用下面的斜杠命令（回复只有你能看到，可一键分享到频道）。',
      en: 'Mention me in a channel or send me a direct message with a question: I answer in a thread and cite the section of the guide. For calculations use the slash commands below (replies are visible only to you, with a button to share them).',
    },
    commandsTitle: { zh: '斜杠命令', en: 'Slash commands' },
    helpHint: { zh: '任何命令后加 help 查看完整用法，例如 /ecs-bw help', en: 'Add help after any command for full usage, e.g. /ecs-bw help' },
    infrastructureHint: {
      zh: '按实例ID读取实时事实（/ecs-instance、/ecs-canswap i-…、/ecs-triage … i-…）仅限管理员在 NETBOT_TRIAGE_ALLOW 中列出的用户和频道。',
      en: 'Live instance facts by instance ID (/ecs-instance, /ecs-canswap i-…, /ecs-triage … i-…) are only for the users and channels your admin lists in NETBOT_TRIAGE_ALLOW.',
    },
    questionsTitle: { zh: '可以这样问', en: 'Example questions' },
    questions: {
      zh: ['@ecs-netbot 怎么申请反向解析', '@ecs-netbot 弹性网卡能跨可用区绑定吗', '@ecs-netbot 5M带宽入网最大多少', '@ecs-netbot CentOS 怎么开启 IPv6'],
      en: ['@ecs-netbot how do I apply for reverse DNS', '@ecs-netbot can an ENI be attached across zones', '@ecs-netbot what does 5 Mbps bandwidth mean for inbound', '@ecs-netbot how do I enable IPv6 on CentOS'],
    },
  },
} satisfies Record<string, unknown>;
