/**
 * The one retry policy of every call, given to the SDK as Config.retryOptions (@darabonba/typescript 1.0.x,
 * which @alicloud/openapi-core 1.0.x runs in its request loop). What that code does, read in node_modules:
 *
 * - It is the only retry: RuntimeOptions' autoretry/maxAttempts are not read by this SDK generation, and
 *   without retryOptions a call is tried once. The request (date, nonce, signature) is rebuilt each attempt.
 * - A condition matches an error by exception NAME (exact) or error CODE (exact, no wildcards); the SDK
 *   throws ThrottlingError for every code containing "Throttling", so the name covers Throttling.User,
 *   Throttling.Api, … . ServiceUnavailable is matched by code, whatever the HTTP status.
 * - `maxAttempts` counts attempts, the first included: 3 means at most two retries.
 * - The delay before a retry is the server's `x-acs-retry-after` header (milliseconds, as the SDK reads
 *   it) when present, else the backoff, both capped by `maxDelay`. ExponentialWithEqualJitter waits between
 *   half and all of min(cap, 2^(attempts × period)) ms: with period 9 that is 256–512 ms before the second
 *   attempt and 1–2 s before the third.
 * - Timeouts and connection errors match no condition: they are not retried (a call stays bounded by one
 *   read timeout).
 * Both `exception` and `errorCode` must be arrays: the SDK calls .includes on them.
 */
import type * as Dara from '@darabonba/typescript';
import { $dara } from './sdk.js';

export const MAX_ATTEMPTS = 3;
/** The longest wait before one retry, whatever the server's retry-after says. */
export const MAX_RETRY_DELAY_MS = 5000;

export function retryOptions(): Dara.RetryOptions {
  return new $dara.RetryOptions({
    retryable: true,
    retryCondition: [
      {
        maxAttempts: MAX_ATTEMPTS,
        exception: ['ThrottlingError'],
        errorCode: ['ServiceUnavailable'],
        backoff: { policy: 'ExponentialWithEqualJitter', period: 9, cap: 2000 },
        maxDelay: MAX_RETRY_DELAY_MS,
      },
    ],
    noRetryCondition: [],
  });
}
