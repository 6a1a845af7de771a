import { createServices } from '../../src/app/services.js';
import type { Services } from '../../src/commands/types.js';

let shared: Services | undefined;

/** The real knowledge base and engines, built once per test file (loading validates everything). */
export function services(overrides: Partial<Services> = {}): Services {
  shared ??= createServices({});
  return { ...shared, ...overrides };
}
