import type { LaneKind, ParseContext, Parsed, Services } from '../commands/types.js';
import type { Bilingual, Lang } from '../i18n/lang.js';
import type { Doc } from '../render/doc.js';
import type { Dispatch } from './invocation.js';

/**
 * How a front end invokes a command: parse text/flags, run, render. One per command in src/app/defs,
 * wiring a command module (src/commands) to its renderers (src/render); no logic of its own.
 */
export interface CommandDef<A = unknown, R = unknown> {
  name: string;
  strings: { summary: Bilingual; usage: Bilingual; examples: Record<Lang, readonly string[]> };
  /** Parsing may read rule params (e.g. the bandwidth cap) so that limits live in one place. */
  parse(tokens: readonly string[], ctx: ParseContext, services: Services): Parsed<A>;
  /** The language the reply should be in, when the arguments decide it (ask detects it from the question). */
  replyLang?(args: A): Lang;
  /** `dispatch` runs another command as chat would (a runbook step that names one), handed in by dispatch itself. */
  run(args: A, services: Services, dispatch: Dispatch): Promise<R>;
  /**
   * True when these tokens would read live infrastructure data (an instance's facts from the ECS API): from
   * chat that is only for the callers NETBOT_TRIAGE_ALLOW lists (see Invocation.infrastructureAllowed).
   */
  readsInfrastructure?(tokens: readonly string[]): boolean;
  /** The lane its run takes (default quick): slow for outside calls (DNS, the ECS API). */
  lane?(args: A): LaneKind;
  json(result: R, lang: Lang): unknown;
  doc(result: R, lang: Lang): Doc;
}
