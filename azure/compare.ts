/**
 * Ordering text the same way on every machine.
 */

/** Locale-independent string comparison (code unit order), so output order never depends on the locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
