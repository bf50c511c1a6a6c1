/**
 * Shell words for the commands a report prints. Ids and scopes come from the tenant: untrusted, so every
 * word is single-quoted and a quote inside it is closed, escaped and reopened.
 */

/** `text` as one POSIX shell word. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_./:@=-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A YAML scalar that reads back as exactly `text` (JSON strings are YAML double-quoted scalars). */
export function yamlString(text: string): string {
  return JSON.stringify(text);
}
