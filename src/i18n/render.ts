/** Strings the generic renderers add (Slack limits, sharing). */
export const renderStrings = {
  truncated: {
    zh: '…输出过长，已截断（省略 {count} 处）。完整结果请用命令行：npx ecs-netbot …',
    en: '…output too long, cut here ({count} parts left out). For the full result use the CLI: npx ecs-netbot …',
  },
  share: { zh: '在频道中分享', en: 'Share in channel' },
} as const;
