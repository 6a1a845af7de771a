/** One thing wrong with the knowledge files: where (file, entry) and what. */
export interface Problem {
  file: string;
  entry?: string;
  message: string;
}

export class KnowledgeError extends Error {
  constructor(readonly problems: Problem[]) {
    super(
      `knowledge base is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  ${p.file}${p.entry ? ` [${p.entry}]` : ''}: ${p.message}`).join('\n'),
    );
    this.name = 'KnowledgeError';
  }
}
