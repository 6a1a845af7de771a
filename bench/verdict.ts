/** One target's plain verdict, with the figure measured: what `npm run bench` prints for every target. */
export function verdict(target: string, met: boolean, figure: string): boolean {
  console.log(`  ${met ? 'met    ' : 'NOT met'}  ${target}: ${figure}`);
  // The part still runs to its end; the exit code tells the runner (bench/all.ts) a target was missed.
  if (!met) process.exitCode = 1;
  return met;
}
