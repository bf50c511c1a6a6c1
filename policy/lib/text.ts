/**
 * Showing values from resource properties in messages. Properties are untyped JSON; a message must show a
 * string as written and anything else unambiguously.
 */

/** A string as is; anything else as JSON (`undefined` as "nothing"). */
export function display(value: unknown): string {
  if (typeof value === "string") return value;
  return value === undefined ? "nothing" : JSON.stringify(value);
}
