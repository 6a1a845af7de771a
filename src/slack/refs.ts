import type { SlackMessage } from '../render/blocks.js';

/**
 * A reply's buttons carry the id of the question they answer, so that a 👍/👎, a "did you mean" pick or
 * "none of these" is recorded against it: "entry:ip-eip|q=Ab3…" (an answer's next matches, feedback) or
 * "entry:ip-eip|dym=Ab3…" (a "did you mean" choice). Only the bot's own buttons are tagged.
 */
const TAGGED = new Set(['netbot_entry', 'netbot_feedback_up', 'netbot_feedback_down', 'netbot_suggest_none']);
const REF = /\|(q|dym)=([A-Za-z0-9_-]{6,40})$/;

export interface ButtonRef {
  value: string;
  questionId?: string;
  /** True for a "did you mean" button: picking it is a choice the report turns into an alias. */
  choice: boolean;
}

export function splitRef(raw: string): ButtonRef {
  const m = REF.exec(raw);
  if (!m) return { value: raw, choice: false };
  return { value: raw.slice(0, m.index), questionId: m[2]!, choice: m[1] === 'dym' };
}

/** Tags the message's buttons with the question id (choice: the reply was a "did you mean"). */
export function tagButtons(message: SlackMessage, questionId: string, choice: boolean): SlackMessage {
  const blocks = message.blocks.map((block) => {
    if (block.type !== 'actions') return block;
    const elements = block.elements.map((el) => {
      if (el.type !== 'button' || !el.action_id || !TAGGED.has(el.action_id) || !el.value) return el;
      const kind = choice && el.action_id === 'netbot_entry' ? 'dym' : 'q';
      return { ...el, value: `${el.value}|${kind}=${questionId}` };
    });
    return { ...block, elements };
  });
  return { ...message, blocks };
}
