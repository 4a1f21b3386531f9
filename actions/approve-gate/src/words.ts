// Vote words: how a comment is normalised and read as approve, deny or neither.
/** Lowercased, inner whitespace collapsed, trailing punctuation and symbols dropped: "LGTM!" → "lgtm", "Approved！" → "approved". */
export function normaliseWord(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\p{P}\p{S}\s]+$/u, '');
}

export type Verdict = 'approve' | 'deny' | undefined;

/** A comment decides only when the whole comment is one of the words (case and end punctuation aside). */
export function verdictOf(body: string, approveWords: string[], denyWords: string[]): Verdict {
  const word = normaliseWord(body);
  if (denyWords.includes(word)) return 'deny';
  if (approveWords.includes(word)) return 'approve';
  return undefined;
}
