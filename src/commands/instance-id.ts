/** A word the user meant as an instance id ("i-…"), valid or not: it is then checked, not read as free text. */
export const looksLikeInstanceId = (word: string): boolean => /^i-/i.test(word.trim());

/** Whether a command's tokens name an instance (then `canswap`, `triage` read its live facts). */
export const namesInstance = (tokens: readonly string[]): boolean => tokens.some(looksLikeInstanceId);
