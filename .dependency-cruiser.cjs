// The floors of src/ (docs/architecture.md, "Layers"): a module imports its own floor or lower ones, never a
// higher one; no import cycles. Checked by test/app/layers.test.ts (so `npm test` and CI prove it) and by
// `npm run layers`. Type-only and dynamic imports count like any other.

/** Lowest first. Folders on one floor may import each other unless `apart`. */
const FLOORS = [
  { name: 'shared', paths: ['i18n', 'util'] },
  // Below the loader: it compiles and type-checks every ruleset (and each runbook's fact checks) at load.
  { name: 'rules', paths: ['rules'] },
  { name: 'knowledge', paths: ['knowledge'] },
  { name: 'engines', paths: ['search', 'net'], apart: true },
  { name: 'outside systems', paths: ['store', 'cloud'], apart: true },
  { name: 'report', paths: ['report'] },
  { name: 'commands', paths: ['commands'] },
  { name: 'render', paths: ['render'] },
  { name: 'app', paths: ['app'] },
  { name: 'front ends', paths: ['slack', 'cli'], apart: true },
  { name: 'entry point', paths: ['main.ts'] },
];

const under = (folders) => `^src/(${folders.map((f) => f.replace('.', '[.]')).join('|')})($|/)`;

const upward = FLOORS.map((floor, i) => ({
  name: `no-upward-from-${floor.name.replace(/ /g, '-')}`,
  comment: `${floor.name} (src/${floor.paths.join(', src/')}) must not import a higher floor`,
  severity: 'error',
  from: { path: under(floor.paths) },
  // Whatever is not on this floor or below, a folder missing from FLOORS included.
  to: { path: '^src/', pathNot: under(FLOORS.slice(0, i + 1).flatMap((f) => f.paths)) },
}));

const apart = FLOORS.filter((f) => f.apart).flatMap((floor) =>
  floor.paths.map((folder) => ({
    name: `${folder}-apart`,
    comment: `src/${folder} must not import its siblings on the ${floor.name} floor (share through a lower floor)`,
    severity: 'error',
    from: { path: under([folder]) },
    to: { path: under(floor.paths.filter((p) => p !== folder)) },
  })),
);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'an import cycle: move the shared piece down (a types module) or pass a function in',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'commands-not-slack',
      comment: 'commands never import Slack',
      severity: 'error',
      from: { path: '^src/commands/' },
      to: { path: '^src/slack/|(^|/)node_modules/@slack/' },
    },
    {
      name: 'front-ends-on-top',
      comment: 'nothing below the front ends imports them (only src/main.ts starts them)',
      severity: 'error',
      from: { path: '^src/', pathNot: under(['slack', 'cli', 'main.ts']) },
      to: { path: under(['slack', 'cli', 'main.ts']) },
    },
    {
      name: 'on-a-floor',
      comment: 'every folder of src/ is on a floor: add a new one to FLOORS in .dependency-cruiser.cjs',
      severity: 'error',
      from: { path: '^src/', pathNot: under(FLOORS.flatMap((f) => f.paths)) },
      to: {},
    },
    ...upward,
    ...apart,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^dist/' },
  },
};
