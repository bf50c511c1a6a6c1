/**
 * An export the review cannot use: the file and the entry at fault, what was expected and how to make one.
 */

/** An offline input (`--assignments`, `--users`) that is not what the review reads. */
export class ExportFormatError extends Error {
  override readonly name = "ExportFormatError";
}

/** `value` is a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Where an entry is, for an error message: a function, because it is called only when something is wrong
 * (building the text for every entry of a large export would cost more than reading it).
 */
export type Where = () => string;

/** A string field, or undefined when absent or null; anything else is refused with its place. */
export function optionalString(
  entry: Record<string, unknown>,
  field: string,
  where: Where,
): string | undefined {
  const value = entry[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") {
    throw new ExportFormatError(`${where()}: "${field}" is ${typeof value}, expected a string`);
  }
  return value;
}
