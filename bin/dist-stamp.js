// Whether dist/ was built from the sources as they are: `npm run build` ends by writing dist/.build-stamp.json
// with the newest modification time under src/ and of the tsconfig files; `npm start` (bin/start.js) compares
// it with the sources' times (a stat per file, no hashing: a few milliseconds) and never runs the compiler.
// Plain JavaScript (CommonJS, as bin/package.json says), so it runs when dist/ is missing. `node bin/dist-stamp.js`
// writes the stamp.
'use strict';
const { existsSync, readdirSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const STAMP = join('dist', '.build-stamp.json');
const BUILD = 'run `npm run build` (or `npm ci`, which builds), then start again';

/** The newest modification time of the sources: every file and folder under src/ (a folder changes when a file is added or removed) and the tsconfig files. */
function sourcesNewest(root) {
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

function writeStamp(root) {
  writeFileSync(join(root, STAMP), JSON.stringify({ sourcesNewestMs: sourcesNewest(root) }) + '\n');
}

/** One line saying what is wrong with dist/ and what to run, or undefined when it is current. */
function distProblem(root, entry = join('dist', 'src', 'main.js')) {
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

const packageRoot = () => join(__dirname, '..');

module.exports = { sourcesNewest, writeStamp, distProblem, packageRoot };

if (require.main === module) writeStamp(packageRoot());
