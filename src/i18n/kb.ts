/** Strings of `ecs-netbot kb`. */
export const kbStrings = {
  summary: {
    zh: '知识库：kb check 校验并统计覆盖，kb show <id> 显示条目（仅命令行）',
    en: 'The knowledge base: kb check validates it and prints coverage, kb show <id> prints an entry (CLI only)',
  },
  usage: {
    zh: '用法：ecs-netbot kb check [--json]（校验知识库并统计覆盖）或 ecs-netbot kb show <条目id>，例如：ecs-netbot kb show faq-reverse-dns-one-domain-per-ip',
    en: 'Usage: ecs-netbot kb check [--json] (validate the knowledge base, print coverage) or ecs-netbot kb show <entry-id>, e.g. ecs-netbot kb show faq-reverse-dns-one-domain-per-ip',
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
