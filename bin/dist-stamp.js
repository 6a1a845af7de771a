// Whether dist/ was built from the sources as they are: `npm run build` ends by writing dist/.build-stamp.json
// with the newest modification time under src/ and of the tsconfig files; `npm start` (bin/start.js) compares
// it with the sources' times (a stat per file, no hashing: a few milliseconds) and never runs the compiler.
// Plain JavaScript, so it runs when dist/ is missing. `node bin/dist-stamp.js` writes the stamp.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const STAMP = join('dist', '.build-stamp.json');
const BUILD = 'run `npm run build` (or `npm ci`, which builds), then start again';

/** The newest modification time of the sources: every file and folder under src/ (a folder changes when a file is added or removed) and the tsconfig files. */
export function sourcesNewest(root) {
  let newest = 0;
  const see = (path) => (newest = Math.max(newest, statSync(path).mtimeMs));
  const walk = (dir) => {
    see(dir);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else see(path);
    }
  };
  walk(join(root, 'src'));
  for (const name of ['tsconfig.json', 'tsconfig.build.json']) if (existsSync(join(root, name))) see(join(root, name));
  return newest;
}

export function writeStamp(root) {
  writeFileSync(join(root, STAMP), JSON.stringify({ sourcesNewestMs: sourcesNewest(root) }) + '\n');
}

/** One line saying what is wrong with dist/ and what to run, or undefined when it is current. */
export function distProblem(root, entry = join('dist', 'src', 'main.js')) {
  if (!existsSync(join(root, entry))) return `${entry} is missing (the code is not built): ${BUILD}.`;
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(root, STAMP), 'utf8'));
  } catch {
    return `dist/ has no build stamp (it was not built by \`npm run build\`): ${BUILD}.`;
  }
  if (typeof stamp?.sourcesNewestMs !== 'number' || sourcesNewest(root) > stamp.sourcesNewestMs) {
    return `dist/ is older than the sources (src/ or tsconfig changed since the last build): ${BUILD}.`;
  }
  return undefined;
}

export const packageRoot = () => join(dirname(fileURLToPath(import.meta.url)), '..');

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) writeStamp(packageRoot());
