/** One target's plain verdict, with the figure measured: what `npm run bench` prints for every target. */
export function verdict(target: string, met: boolean, figure: string): boolean {
  console.log(`  ${met ? 'met    ' : 'NOT met'}  ${target}: ${figure}`);
  return met;
}
