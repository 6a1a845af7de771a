import type { CloudClient } from '../cloud/ecs.js';
import type { Lang } from '../i18n/lang.js';
import type { KnowledgeBase } from '../knowledge/load.js';
import type { SearchEngine, SearchOutcome } from '../search/engine.js';
import type { Frame } from '../search/frame.js';

/** A problem with what the user typed (or with running it), already in the user's language. */
export interface Failure {
  /** Stable machine-readable code, e.g. "bad_bandwidth". Part of the JSON contract. */
  code: string;
  message: string;
  /**
   * The Alibaba Cloud RequestId of the API call behind a cloud failure (null when no call was answered, e.g.
   * no credentials). Absent for failures that did not involve the cloud API.
   */
  requestId?: string | null;
}

export type Parsed<A> = { ok: true; args: A } | { ok: false; error: Failure };

export const parsed = <A>(args: A): Parsed<A> => ({ ok: true, args });
export const rejected = <A = never>(code: string, message: string): Parsed<A> => ({ ok: false, error: { code, message } });

/** Thrown by a command's run() for failures that are the user's to fix (shown like a parse error). */
export class CommandFailure extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
    this.name = 'CommandFailure';
  }
}

/** The kinds of work (see app/lanes.ts): quick (this process's CPU) and slow (outside calls: DNS, the ECS API). */
export type LaneKind = 'quick' | 'slow';

/** Bounded lanes a command's run goes through; a full lane refuses at once (app/lanes.ts LaneBusyError). */
export interface WorkLanes {
  run<T>(kind: LaneKind, task: () => Promise<T>): Promise<T>;
}

/** Everything a command may use while running; built once at start. */
export interface Services {
  kb: KnowledgeBase;
  search: SearchEngine;
  env: Readonly<Record<string, string | undefined>>;
  /** The clock, injectable so that time-based rules are testable. */
  now: () => Date;
  /**
   * The ECS/VPC API client (read-only). Injected by tests and embedders; when absent, commands make one from
   * `env` on first use (src/commands/cloud-client.ts), so nothing about credentials is needed at start-up.
   */
  cloud?: CloudClient;
  /** Work lanes (the bot sets them; the CLI runs one command and needs none). */
  lanes?: WorkLanes;
  /** Told what happened, for metrics (the bot sets them: src/app/metrics.ts); never given user text. */
  observe?: Observers;
}

/** What the floors below report to whoever counts (src/app/metrics.ts): plain callbacks, no metrics library. */
export interface Observers {
  /** One ECS/VPC API call: its action and outcome ('ok' or the CloudError code). */
  cloudCall?(action: string, outcome: string): void;
  /** One DNS question's answer code (NOERROR, NXDOMAIN, TIMEOUT, …). */
  dnsQuery?(rcode: string): void;
  /** One chat or /ecs-ask answer: its band, and whether it was a follow-up read in its thread's topic. */
  answered?(band: string, followup: boolean): void;
}

/**
 * How the conversation read a question (app/routing.ts): the text to search (a thread follow-up made whole),
 * its frame, what to show the asker, and the search already made for it (reused, not repeated).
 */
export interface Reading {
  text: string;
  frame: Frame;
  readAs?: string;
  outcome?: SearchOutcome;
  /** The chat route decided for it (ask --json reports it as `route`). */
  route?: { command: string; tokens: readonly string[]; offer?: { command: string; tokens: readonly string[] }; related?: string };
}

export interface ParseContext {
  /** For ask: how the conversation read the question (absent at the command line). */
  reading?: Reading;
  lang: Lang;
  /** Whether the user chose the language explicitly (--lang): auto-detection must not override it. */
  langExplicit: boolean;
  /**
   * True when the text comes from a chat user rather than the operator's own terminal: options that would
   * make the bot's host contact an address of the user's choosing (ptr --server) are refused.
   */
  remote?: boolean;
}
