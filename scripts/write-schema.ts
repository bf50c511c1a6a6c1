/**
 * Writes `access.schema.json` and `access/schema-validator.js` from `access/schema.ts` (the single source of
 * the file's shape). `npm run schema`; a test fails when either committed file is stale.
 */

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderSchema } from "../access/schema-file";
import { renderValidator } from "./schema-validator";

writeFileSync(join(__dirname, "..", "access.schema.json"), renderSchema());
writeFileSync(join(__dirname, "..", "access", "schema-validator.js"), renderValidator());
