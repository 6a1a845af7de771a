/**
 * Secrets out of every log line: credentials in URLs (https://user:pass@host → https://***@host), Slack tokens
 * (xoxb-…, xapp-…) and signatures. Applied to whatever Bolt, the Web API client or our own code logs.
 */
export function redact(text: string): string {
  return text
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+(?::[^/\s@]*)?@/gi, '$1***@')
    .replace(/\bxox[a-z]-[A-Za-z0-9-]+/g, 'xox*-***')
    .replace(/\bxapp-[A-Za-z0-9-]+/g, 'xapp-***')
    .replace(/\bv0=[0-9a-f]{16,}/g, 'v0=***');
}
