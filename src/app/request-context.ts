import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/** The request a piece of work belongs to: its id is given at ack and carried to every log line of its reply. */
interface RequestContext {
  requestId: string;
  /** When the request arrived (performance.now()): reply latency counts from here, queueing included. */
  startedAt: number;
}

const current = new AsyncLocalStorage<RequestContext>();

/** A new request id: short, random, safe in a log line. */
export const newRequestId = (): string => randomBytes(6).toString('hex');

/** Runs `work` (and everything it starts, awaited or not) as part of the request `requestId`. */
export function inRequest<T>(request: RequestContext, work: () => T): T {
  return current.run(request, work);
}

/** The request the caller is working for, if any. */
export const currentRequest = (): RequestContext | undefined => current.getStore();
export const currentRequestId = (): string | undefined => current.getStore()?.requestId;
