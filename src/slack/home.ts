import type { HomeView } from '@slack/types';
import type { CommandDef } from '../app/command-def.js';
import { COMMANDS } from '../app/registry.js';
import type { Lang } from '../i18n/lang.js';
import type { Block } from '../render/doc.js';
import { renderBlocks } from '../render/blocks.js';
import { slackStrings } from './strings.js';

const H = slackStrings.home;

/**
 * A command's CLI example as the slash command a Slack user types: "ecs-netbot bw 5M" → "/ecs-bw 5M".
 * A question keeps only its words ("ecs-netbot ask "q" --top 5" → "/ecs-ask q"): /ecs-ask takes the
 * whole text as the question.
 */
export function slashExample(def: Pick<CommandDef, 'name'>, example: string): string {
  const rest = example.replace(/^\s*(?:npx\s+)?ecs-netbot\s+\S+\s*/, '').replace(/\s--json\b/g, '').trim();
  if (def.name === 'ask') {
    const quoted = /"([^"]+)"|'([^']+)'/.exec(rest);
    return `/ecs-ask ${quoted ? quoted[1] ?? quoted[2] : rest}`.trim();
  }
  return `/ecs-${def.name} ${rest}`.trim();
}

/** The App Home tab, generated from COMMANDS so that a new command shows up without touching this file. */
export function homeView(lang: Lang, commands: readonly CommandDef<any, any>[] = COMMANDS, extra: readonly Block[] = []): HomeView {
  const blocks: Block[] = [
    { type: 'header', text: H.title[lang] },
    { type: 'text', text: H.intro[lang] },
    { type: 'divider' },
    { type: 'header', text: H.commandsTitle[lang] },
  ];
  for (const def of commands) {
    blocks.push({ type: 'text', text: `/ecs-${def.name}: ${def.strings.summary[lang]}` });
    blocks.push({ type: 'code', text: def.strings.examples[lang].map((e) => slashExample(def, e)).join('\n') });
  }
  blocks.push({ type: 'context', text: H.helpHint[lang] });
  blocks.push({ type: 'divider' }, { type: 'header', text: H.questionsTitle[lang] }, { type: 'list', items: [...H.questions[lang]] });
  blocks.push(...extra);
  // Slack refuses a Home view of more than 100 blocks: the report's tail is the part to give up.
  return { type: 'home', blocks: renderBlocks({ blocks }, { lang }).blocks.slice(0, 100) };
}
