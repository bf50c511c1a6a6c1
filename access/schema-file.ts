/**
 * The JSON text of `access.schema.json`, for editors (yaml-language-server reads it through the
 * `# yaml-language-server: $schema=./access.schema.json` line at the top of access files).
 */

import { accessDocumentSchema } from "./schema";

/** The schema as committed: two-space JSON with a final newline. */
export function renderSchema(): string {
  return `${JSON.stringify(accessDocumentSchema, null, 2)}\n`;
}
