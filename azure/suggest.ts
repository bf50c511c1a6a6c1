/**
 * "Did you mean" suggestions: the closest known word by edit distance, compared case-insensitively.
 */

/** Levenshtein distance between two strings. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(
        Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution),
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * The candidate closest to `word`, if it is close enough to be a likely typo: within a third of the word's
 * length (at least 1, at most 4 edits). Ties go to the alphabetically first, so output is deterministic.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const target = word.trim().toLowerCase();
  const limit = Math.min(4, Math.max(1, Math.floor(target.length / 3)));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(target, candidate.toLowerCase());
    if (distance > limit) continue;
    if (
      !best ||
      distance < best.distance ||
      (distance === best.distance && candidate < best.candidate)
    ) {
      best = { candidate, distance };
    }
  }
  return best?.candidate;
}

/** `; did you mean "X"?` or nothing. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const suggestion = closest(word, candidates);
  return suggestion === undefined ? "" : `; did you mean "${suggestion}"?`;
}
