/**
 * Writes `access.schema.json` from `access/schema.ts` (the single source of the file's shape).
 * `npm run schema`; a test fails when the committed file is stale.
 */

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderSchema } from "../access/schema-file";

writeFileSync(join(__dirname, "..", "access.schema.json"), renderSchema());
