import type { ResolvedSource } from '../rules/engine.js';

/** The JSON shape of a citation, shared by every command's output. */
export interface SourceRef {
  section?: string;
  sectionTitle?: string;
  external?: string;
}

export function sourceRef(source: ResolvedSource): SourceRef {
  return source.external ? { external: source.external } : { section: source.section, sectionTitle: source.sectionTitle };
}

/** Distinct sources in first-seen order. */
export function uniqueSources(sources: readonly ResolvedSource[]): SourceRef[] {
  const seen = new Map<string, SourceRef>();
  for (const s of sources) {
    const ref = sourceRef(s);
    const key = ref.external ?? `§${ref.section}`;
    if (!seen.has(key)) seen.set(key, ref);
  }
  return [...seen.values()];
}

export function sourceLabel(ref: SourceRef): string {
  return ref.external ? ref.external : `§${ref.section} ${ref.sectionTitle ?? ''}`.trim();
}
