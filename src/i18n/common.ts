/** Strings shared by every command and front end (flags, dispatch, generic errors). */
export const commonStrings = {
  unknownOption: {
    zh: '不认识的选项 "{option}"。可用的选项：{accepted}',
    en: 'Unknown option "{option}". Accepted options: {accepted}',
  },
  missingValue: {
    zh: '选项 {option} 需要一个值，例如：{option} {example}',
    en: 'Option {option} needs a value, e.g. {option} {example}',
  },
  unexpectedValue: { zh: '选项 {option} 不带值', en: 'Option {option} takes no value' },
  unknownCommand: {
    zh: '没有 "{command}" 这个命令。可用命令：{accepted}{suggestion}',
    en: 'There is no "{command}" command. Commands: {accepted}{suggestion}',
  },
  didYouMean: { zh: '。你是想用 {name} 吗？', en: '. Did you mean {name}?' },
  badLang: { zh: '--lang 只接受 zh 或 en，收到 "{value}"。例如：--lang en', en: '--lang takes zh or en, got "{value}". Example: --lang zh' },
  internal: {
    zh: '内部错误，已记录（不含你的输入以外的敏感信息）。请稍后再试或换个说法。',
    en: 'Internal error; it has been logged. Please try again or rephrase.',
  },
  usage: { zh: '用法', en: 'Usage' },
  examples: { zh: '示例', en: 'Examples' },
  triageNotAllowed: {
    zh: '抱歉，实例的实时信息（通过 ECS API 查询）只对管理员在 NETBOT_TRIAGE_ALLOW 中列出的用户和频道开放。不带实例 ID 的问题和计算照常可用。',
    en: 'Sorry, live instance details (read from the ECS API) are only available to the users and channels your admin lists in NETBOT_TRIAGE_ALLOW. Questions and calculations without an instance id work as usual.',
  },
  helpHint: { zh: '输入 "{command} help" 查看用法。', en: 'Type "{command} help" for usage.' },
  /** In chat the hint names the slash command (issue #15: each surface speaks its own language). */
  helpHintSlash: { zh: '输入 "/ecs-{command} help" 查看用法。', en: 'Type "/ecs-{command} help" for usage.' },
  liveFactsHint: {
    zh: 'ℹ 这里的回复来自指南，不是这台实例的实时情况。要看实例 {instance} 的实时信息和判断，请管理员把你（或这个频道）加入 NETBOT_TRIAGE_ALLOW，然后问 "/ecs-instance {instance}"。',
    en: 'ℹ This reply is from the guide, not from the instance. For live facts and verdicts on {instance}, ask your admin to add you (or this channel) to NETBOT_TRIAGE_ALLOW, then ask "/ecs-instance {instance}".',
  },
  liveFactsFailed: {
    zh: 'ℹ 没有读到实例 {instance} 的实时信息（{reason}），这里的回复来自指南，不是这台实例的实时情况。',
    en: 'ℹ The live facts of {instance} could not be read ({reason}); this reply is from the guide, not from the instance.',
  },
  laneBusy: {
    zh: '现在排队查询（DNS、ECS API）的请求太多，这个请求没有执行。请过一分钟再试；问题和计算不受影响。',
    en: 'Too many lookups (DNS, the ECS API) are waiting right now, so this one was not run. Please try again in a minute; questions and calculations are not affected.',
  },
  badBatchLine: {
    zh: '这一行以 { 开头，但不是 {"thread": "t1", "q": "问题"} 这样的 JSON 对象（q 为非空字符串，thread 可选、不超过 200 个字符）。普通的一行文字按独立问题处理。',
    en: 'This line starts with { but is not a JSON object like {"thread": "t1", "q": "question"} (q a non-empty string; thread optional, at most 200 characters). A plain line is read as a standalone question.',
  },
  /** A thanks or an acknowledgement in chat ("thanks", "好的"): said back in kind, never "no confident answer". */
  acknowledged: {
    zh: '好的。还有问题就在这里接着问，我会结合上文理解（例如“要停机吗”“那经典网络呢”）。',
    en: 'OK. Ask a follow-up right here and I\'ll read it with this conversation (e.g. "do I need to stop it?", "and for classic?").',
  },
  thanked: {
    zh: '不客气。还有问题就在这里接着问，我会结合上文理解（例如“要停机吗”“那经典网络呢”）。',
    en: 'You\'re welcome. Ask a follow-up right here and I\'ll read it with this conversation (e.g. "do I need to stop it?", "and for classic?").',
  },
  jsonInChat: {
    zh: '（--json 是命令行的选项，在这里不需要：回答直接显示。）',
    en: '(--json is a command-line option and is not needed here: the answer is shown as a message.)',
  },
  tooManyTokens: {
    zh: '输入太长（{count} 个词，最多 {max}）。例如：{example}',
    en: 'Input is too long ({count} words, at most {max}). Example: {example}',
  },
} as const;
