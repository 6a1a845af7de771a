/** Strings of `ecs-netbot kb`. */
export const kbStrings = {
  summary: {
    zh: '知识库：kb check 校验并统计覆盖，kb show <id> 显示条目（仅命令行）',
    en: 'The knowledge base: kb check validates it and prints coverage, kb show <id> prints an entry (CLI only)',
  },
  usage: {
    zh: '用法：ecs-netbot kb check [--patch <文件>] [--json]（校验知识库并统计覆盖；--patch 先在临时副本上应用补丁再校验）或 ecs-netbot kb show <条目id>，例如：ecs-netbot kb show faq-reverse-dns-one-domain-per-ip',
    en: 'Usage: ecs-netbot kb check [--patch <file>] [--json] (validate the knowledge base, print coverage; --patch applies a patch to a temporary copy first) or ecs-netbot kb show <entry-id>, e.g. ecs-netbot kb show faq-reverse-dns-one-domain-per-ip',
  },
  patchMissing: {
    zh: '--patch 需要补丁文件路径，例如：ecs-netbot kb check --patch netbot-aliases.patch',
    en: '--patch needs the patch file, e.g. ecs-netbot kb check --patch netbot-aliases.patch',
  },
  patchOnlyCheck: {
    zh: '--patch 只能和 kb check 一起用，例如：ecs-netbot kb check --patch netbot-aliases.patch',
    en: '--patch goes with kb check only, e.g. ecs-netbot kb check --patch netbot-aliases.patch',
  },
  patchUnreadable: {
    zh: '读不了补丁文件 {path}：{reason}。例如：ecs-netbot report --aliases 生成补丁后，ecs-netbot kb check --patch netbot-aliases.patch',
    en: 'Cannot read the patch file {path}: {reason}. E.g. make one with ecs-netbot report --aliases, then ecs-netbot kb check --patch netbot-aliases.patch',
  },
  patchNotApplied: {
    zh: '补丁 {path} 无法干净地应用（知识库未改动）：',
    en: 'The patch {path} does not apply cleanly (nothing was changed):',
  },
  patchInvalid: {
    zh: '补丁 {path} 可以应用，但应用后的知识库无效：',
    en: 'The patch {path} applies, but the knowledge base with it is invalid:',
  },
  patchOk: {
    zh: '补丁 {path} 可以干净地应用（{files}），应用后知识库有效：{entries} 条目，{count} 个文件。应用：git apply {path}',
    en: 'The patch {path} applies cleanly ({files}) and the knowledge base with it is valid: {entries} entries in {count} files. Apply it: git apply {path}',
  },
  noSuchEntry: {
    zh: '没有 id 为 "{id}" 的条目。用 ecs-netbot kb check --json 或 knowledge/entries/ 查看有效 id，例如：ecs-netbot kb show ip-eip-how-to-get',
    en: 'No entry has id "{id}". Valid ids are in knowledge/entries/; example: ecs-netbot kb show ip-eip-how-to-get',
  },
  ok: { zh: '知识库有效：{entries} 条目，{files} 个文件', en: 'Knowledge base OK: {entries} entries in {files} files' },
  sections: { zh: '引用章节：{cited}/{total}', en: 'Sections cited: {cited}/{total}' },
  chapter: { zh: '  第 {chapter} 章：{count} 条', en: '  chapter {chapter}: {count} entries' },
  extras: {
    zh: '别名 {aliases} 个，记录的文档矛盾 {contradictions} 处，指向命令的条目 {commands} 条，同义词组 {synonyms} 个',
    en: '{aliases} aliases, {contradictions} recorded contradictions, {commands} entries pointing to a command, {synonyms} synonym groups',
  },
  runbooks: {
    zh: '排障手册 {runbooks} 本，共 {steps} 步，其中 {checks} 步可自动检查',
    en: '{runbooks} runbooks with {steps} steps, {checks} of them checkable',
  },
  uncited: { zh: '未被任何条目引用的章节：{list}', en: 'Sections no entry cites: {list}' },
} as const;
