/** Every user-facing string of `ecs-netbot report` (the gaps report, issue #10). */
export const reportStrings = {
  summary: {
    zh: '缺口报告：答不上的问题、被点 👎 的答案及原因、可加为别名的"你是不是想问"选择（仅命令行）',
    en: 'The gaps report: questions left unanswered, answers rated 👎 and why, "did you mean" picks worth adding as aliases (CLI only)',
  },
  usage: {
    zh: 'ecs-netbot report [--since 7d] [--aliases [文件]] [--candidates [文件]] [--json] [--lang zh|en]\n--since：统计最近多长时间，Nh（小时）、Nd（天）或 Nw（周），默认 7d，最多 365d\n--aliases：把别名建议写成补丁文件（默认 ./netbot-aliases.patch）\n--candidates：把专家的回答写成补丁文件（别名或新条目草稿，默认 ./netbot-candidates.patch）',
    en: 'ecs-netbot report [--since 7d] [--aliases [file]] [--candidates [file]] [--json] [--lang zh|en]\n--since: how far back, Nh (hours), Nd (days) or Nw (weeks), default 7d, at most 365d\n--aliases: write the alias suggestions as a patch file (default ./netbot-aliases.patch)\n--candidates: write the experts\' answers as a patch file (aliases or new entry drafts, default ./netbot-candidates.patch)',
  },
  examples: {
    zh: ['ecs-netbot report', 'ecs-netbot report --since 30d --json', 'ecs-netbot report --since 2w --aliases', 'ecs-netbot report --aliases kb-aliases.patch'],
    en: ['ecs-netbot report', 'ecs-netbot report --since 30d --json', 'ecs-netbot report --since 2w --aliases', 'ecs-netbot report --aliases kb-aliases.patch'],
  },
  badSince: {
    zh: '--since 看不懂 "{value}"：请写 Nh（小时）、Nd（天）或 Nw（周），最多 365 天。例如：--since 7d 或 --since 24h',
    en: '--since cannot read "{value}": write Nh (hours), Nd (days) or Nw (weeks), at most 365 days. Example: --since 7d or --since 24h',
  },
  sinceTooLong: {
    zh: '--since {value} 太长：最多 365 天（52w）。例如：--since 90d',
    en: '--since {value} is too long: at most 365 days (52w). Example: --since 90d',
  },
  missingSince: {
    zh: '--since 需要一个时长，例如：--since 7d',
    en: '--since needs a duration, e.g. --since 7d',
  },
  unknownOption: {
    zh: '不认识 "{option}"。可用的选项：--since、--aliases、--candidates、--json、--lang。例如：ecs-netbot report --since 7d',
    en: 'Unknown "{option}". Accepted options: --since, --aliases, --candidates, --json, --lang. Example: ecs-netbot report --since 7d',
  },
  storeUnavailable: {
    zh: '打不开记录库（{target}）：{reason}\n请检查 NETBOT_DB（SQLite 文件路径）或 DATABASE_URL（PostgreSQL 连接串）。',
    en: 'Cannot open the store ({target}): {reason}\nCheck NETBOT_DB (the SQLite file) or DATABASE_URL (the PostgreSQL connection string).',
  },
  readFrom: { zh: '读取的记录库：{target}', en: 'Read from the store: {target}' },
  targetPostgres: { zh: 'PostgreSQL，DATABASE_URL={url}', en: 'PostgreSQL, DATABASE_URL={url}' },
  targetSqlite: { zh: 'SQLite，NETBOT_DB={path}', en: 'SQLite, NETBOT_DB={path}' },
  targetDefault: { zh: 'SQLite，未设置 NETBOT_DB，默认文件 {path}', en: 'SQLite, NETBOT_DB not set, the default file {path}' },
  targetUnknown: { zh: 'SQLite，未设置 NETBOT_DB，用默认文件', en: 'SQLite, NETBOT_DB not set, the default file' },
  patchWritten: {
    zh: '已把 {count} 条别名建议写入补丁：{path}\n先校验：ecs-netbot kb check --patch {path}\n再应用：git apply {path}',
    en: 'Wrote {count} alias suggestions as a patch: {path}\nValidate it: ecs-netbot kb check --patch {path}\nThen apply it: git apply {path}',
  },
  noPatch: {
    zh: '没有别名建议，未写补丁文件（{path}）。',
    en: 'No alias suggestions, so no patch was written ({path}).',
  },
  patchFailed: {
    zh: '写不了补丁文件 {path}：{reason}。换个路径，例如：--aliases /tmp/netbot-aliases.patch',
    en: 'Cannot write the patch file {path}: {reason}. Try another path, e.g. --aliases /tmp/netbot-aliases.patch',
  },

  title: { zh: '缺口报告：{since} 至 {until}', en: 'Gaps report: {since} to {until}' },
  questions: { zh: '提问数', en: 'Questions' },
  answered: { zh: '已回答（FAQ 提问中）', en: 'Answered (of FAQ questions)' },
  helpful: { zh: '有帮助（👍 占比）', en: 'Helpful (share of 👍)' },
  langLine: { zh: '{questions} 个提问，已回答 {answered}', en: '{questions} questions, {answered} answered' },
  langZh: { zh: '中文', en: 'Chinese' },
  langEn: { zh: '英文', en: 'English' },
  perDay: { zh: '每日提问（UTC，最近 {days} 天）', en: 'Questions per day (UTC, last {days} days)' },
  dayLine: { zh: '{date}：{count}', en: '{date}: {count}' },

  declined: { zh: '最常答不上的问题', en: 'Most frequent declined questions' },
  declinedLine: { zh: '{text} ×{count}（{lang}，最近 {last}）', en: '{text} ×{count} ({lang}, last {last})' },
  alsoAsked: { zh: '；类似：{list}', en: '; also: {list}' },

  worstRated: { zh: '评价最差的答案', en: 'Worst rated answers' },
  ratedLine: { zh: '{question}（{id}）：👍 {up} / 👎 {down}，有帮助 {ratio}', en: '{question} ({id}): 👍 {up} / 👎 {down}, {ratio} helpful' },
  reasonsLine: { zh: '；原因：{list}', en: '; reasons: {list}' },
  noReason: { zh: '；未选原因', en: '; no reason given' },
  notesLine: { zh: '；留言：{list}', en: '; notes: {list}' },
  removedEntry: { zh: '（已不在知识库）', en: '(no longer in the knowledge base)' },
  reasons: {
    wrong: { zh: '答错了', en: 'wrong' },
    outdated: { zh: '过时了', en: 'outdated' },
    unclear: { zh: '看不懂', en: 'unclear' },
    not_asked: { zh: '答非所问', en: 'not what I asked' },
  },

  aliasSuggestions: { zh: '别名建议（"你是不是想问"的选择）', en: 'Alias suggestions ("did you mean" picks)' },
  aliasLine: { zh: '{question} → {entry}（{title}）×{count}，{lang}', en: '{question} → {entry} ({title}) ×{count}, {lang}' },
  aliasHint: {
    zh: '全部写成补丁：ecs-netbot report --aliases，再用 ecs-netbot kb check --patch netbot-aliases.patch 校验',
    en: 'Write them all as a patch: ecs-netbot report --aliases, then validate with ecs-netbot kb check --patch netbot-aliases.patch',
  },

  noneOfThese: { zh: '点了"都不是"的问题', en: 'Questions answered with "none of these"' },
  noneLine: { zh: '{text} ×{count}（{lang}）', en: '{text} ×{count} ({lang})' },

  candidates: { zh: '专家的回答（候选答案）', en: 'Answers from the experts (candidates)' },
  candidateEntryLine: { zh: '{question} → 新条目草稿 {entry}（{file}）：{answer}', en: '{question} → draft of a new entry {entry} ({file}): {answer}' },
  candidateAliasLine: { zh: '{question} → 加为 {entry} 的别名：{answer}', en: '{question} → alias of {entry}: {answer}' },
  candidatesHint: {
    zh: '全部写成补丁：ecs-netbot report --candidates，再用 ecs-netbot kb check --patch netbot-candidates.patch 校验；草稿的 TODO 改完再合并。',
    en: 'Write them all as a patch: ecs-netbot report --candidates, then validate with ecs-netbot kb check --patch netbot-candidates.patch; finish a draft\'s TODOs before merging it.',
  },
  candidatesWritten: {
    zh: '已把 {count} 条专家回答写入补丁：{path}\n先校验：ecs-netbot kb check --patch {path}\n草稿里的 TODO 改完后再应用：git apply {path}',
    en: 'Wrote {count} answers from the experts as a patch: {path}\nValidate it: ecs-netbot kb check --patch {path}\nFinish the drafts\' TODOs, then apply it: git apply {path}',
  },
  noCandidates: {
    zh: '没有专家的回答，未写补丁文件（{path}）。',
    en: 'No answers from the experts, so no patch was written ({path}).',
  },
  omitted: {
    zh: '只归并了最常见的 {cap} 种说法：另有 {texts} 种（共 {count} 次）计入总数，但未列出。',
    en: 'Only the {cap} most frequent distinct texts are grouped: {texts} more ({count} times in all) count in the totals but are not listed.',
  },

  nothingYet: { zh: '暂无。', en: 'Nothing yet.' },
  more: { zh: '另有 {count} 条，见 --json。', en: '{count} more in --json.' },
  none: { zh: '—', en: '—' },
} as const;
