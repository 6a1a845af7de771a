/**
 * A renderer-neutral reply: each command turns its result into a Doc, and the text and Slack renderers
 * turn any Doc into their format. So formatting rules (and Slack's limits) live in one place each.
 */
export type CheckStatus = 'pass' | 'fail' | 'unknown';

export type Block =
  | { type: 'header'; text: string }
  | { type: 'text'; text: string }
  | { type: 'list'; items: string[] }
  | { type: 'code'; text: string }
  | { type: 'fields'; fields: Array<[label: string, value: string]> }
  | { type: 'checks'; items: Array<{ status: CheckStatus; text: string; source?: string }> }
  | { type: 'context'; text: string }
  | { type: 'divider' };

/** An interactive choice; front ends without buttons show the label and the command it stands for. */
export interface Action {
  id: string;
  label: string;
  /** What the button does, as a value the front end routes (e.g. "entry:faq-ptr-apply"). */
  value: string;
  style?: 'primary' | 'danger';
}

export interface Doc {
  blocks: Block[];
  actions?: Action[];
  /**
   * What a chat front end shows on demand (its "Details" buttons): a terminal, which has no buttons, prints
   * these after the blocks. Slack leaves them out.
   */
  details?: Block[];
}
