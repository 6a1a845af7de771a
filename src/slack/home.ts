import type { HomeView } from '@slack/types';
import { COMMAND_ENTRIES, type CommandEntry } from '../app/command-index.js';
import { isCliOnly } from '../app/dispatch.js';
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
export function slashExample(def: Pick<CommandEntry, 'name'>, example: string): string {
  const rest = example.replace(/^\s*(?:npx\s+)?ecs-netbot\s+\S+\s*/, '').replace(/\s--json\b/g, '').trim();
  if (def.name === 'ask') {
    const quoted = /"([^"]+)"|'([^']+)'/.exec(rest);
    return `/ecs-ask ${quoted ? quoted[1] ?? quoted[2] : rest}`.trim();
  }
  return `/ecs-${def.name} ${rest}`.trim();
}

/**
 * The slash examples of one command this user may run: none with a CLI-only option, and, for a user NETBOT_TRIAGE_ALLOW
 * does not list, none that reads live instance facts (such a command with no other example is left out).
 */
export function slashExamples(def: Pick<CommandEntry, 'name' | 'strings' | 'readsInfrastructure'>, lang: Lang, infrastructure: boolean): string[] {
  const out = def.strings.examples[lang]
    .filter((e) => !isCliOnly(e)) // e.g. ptr's --server, which chat refuses
    .map((e) => slashExample(def, e))
    .filter((e) => infrastructure || !def.readsInfrastructure?.(e.split(/\s+/).slice(1)));
  return [...new Set(out)];
}

export interface HomeOptions {
  /** May this user read live instance facts (NETBOT_TRIAGE_ALLOW)? Without it those commands are not shown. */
  infrastructure?: boolean;
  commands?: readonly Pick<CommandEntry, 'name' | 'strings' | 'readsInfrastructure'>[];
}

/** The App Home tab, generated from the commands' index (no command is loaded for it) so that a new command shows up without touching this file. */
export function homeView(lang: Lang, extra: readonly Block[] = [], opts: HomeOptions = {}): HomeView {
  const infrastructure = opts.infrastructure ?? false;
  const blocks: Block[] = [
    { type: 'header', text: H.title[lang] },
    { type: 'text', text: H.intro[lang] },
    { type: 'divider' },
    { type: 'header', text: H.commandsTitle[lang] },
  ];
  for (const def of opts.commands ?? COMMAND_ENTRIES) {
    const examples = slashExamples(def, lang, infrastructure);
    if (examples.length === 0) continue;
    blocks.push({ type: 'text', text: `/ecs-${def.name}: ${def.strings.summary[lang]}` });
    blocks.push({ type: 'code', text: examples.join('\n') });
  }
  blocks.push({ type: 'context', text: H.helpHint[lang] });
  if (!infrastructure) blocks.push({ type: 'context', text: H.infrastructureHint[lang] });
  blocks.push({ type: 'divider' }, { type: 'header', text: H.questionsTitle[lang] }, { type: 'list', items: [...H.questions[lang]] });
  blocks.push(...extra);
  // Slack refuses a Home view of more than 100 blocks: the report's tail is the part to give up.
  return { type: 'home', blocks: renderBlocks({ blocks }, { lang }).blocks.slice(0, 100) };
}
