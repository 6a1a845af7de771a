/**
 * The log's way out. A closed stderr (the log collector or terminal went away: EPIPE) must never make the bot
 * spin or die: without an 'error' listener the failed write became an uncaught exception, whose handler wrote
 * to stderr again, failed again, and so on for ever (issue #16). Here the stream's error is taken once, every
 * later line is dropped, and nothing about it is ever reported (there is nowhere left to report it).
 */
const guarded = new WeakSet<NodeJS.WritableStream>();
const closed = new WeakSet<NodeJS.WritableStream>();

function guard(stream: NodeJS.WritableStream): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  stream.on('error', () => closed.add(stream));
}

/** Writes `text` to the stream (stderr by default) if it is still open; drops it otherwise. Never throws. */
export function writeLog(text: string, stream: NodeJS.WritableStream = process.stderr): void {
  guard(stream);
  const s = stream as NodeJS.WritableStream & { destroyed?: boolean; writableEnded?: boolean };
  if (closed.has(stream) || s.destroyed || s.writableEnded) return;
  try {
    stream.write(text);
  } catch {
    closed.add(stream);
  }
}

/** Takes the stream's errors from now on (before anything else writes to it). */
export function guardStderr(stream: NodeJS.WritableStream = process.stderr): void {
  guard(stream);
}
