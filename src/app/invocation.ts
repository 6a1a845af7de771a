import type { Failure, Reading } from '../commands/types.js';
import type { Lang } from '../i18n/lang.js';
import type { Doc } from '../render/doc.js';

// The types of an invocation and its reply, apart from dispatch.ts: routing, intents and command defs name them
// without importing dispatch (which imports the registry, which imports the defs).

export type Reply =
  | { kind: 'result'; command: string; lang: Lang; json: unknown; doc: Doc; result: unknown }
  | { kind: 'help'; command: string | null; lang: Lang; json: { help: string }; doc: Doc }
  | { kind: 'error'; command: string | null; lang: Lang; json: { error: Failure }; doc: Doc; error: Failure };

export interface Invocation {
  command: string;
  tokens: readonly string[];
  /** Language chosen by the caller (e.g. --lang); when absent, the default applies and ask auto-detects. */
  lang?: Lang;
  defaultLang?: Lang;
  /** Typed by a chat user (Slack), not at the operator's terminal: see ParseContext.remote. */
  remote?: boolean;
  /** For a remote caller: whether it may read live infrastructure data (NETBOT_TRIAGE_ALLOW). Default no. */
  infrastructureAllowed?: boolean;
  /** How the conversation read the message (ask only): a follow-up's whole question, its frame, the search made. */
  reading?: Reading;
  /** The syntax help and hints speak: chat's slash commands (Slack, the console) or the CLI's. Default: chat when remote. */
  surface?: Surface;
}

/** Runs an invocation as dispatch does: what a command def is handed to run another command. */
export type Dispatch = (inv: Invocation) => Promise<Reply>;

/** Who reads a reply: the operator at a terminal (CLI syntax) or a chat user (slash syntax, no --json). */
export type Surface = 'cli' | 'chat';
