/**
 * Wording shared by every printer.
 */

/** `1 guest`, `2 guests`; `many` for irregular plurals. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
