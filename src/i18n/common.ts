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
  tooManyTokens: {
    zh: '输入太长（{count} 个词，最多 {max}）。例如：{example}',
    en: 'Input is too long ({count} words, at most {max}). Example: {example}',
  },
} as const;
