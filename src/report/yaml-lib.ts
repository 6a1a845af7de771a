import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

const require = createRequire(import.meta.url);
let lib: typeof Yaml | undefined;

/** The yaml library, loaded when a report is first made: a start never needs it (issue #18, ready sooner). */
export const yaml = (): typeof Yaml => (lib ??= require('yaml') as typeof Yaml);
