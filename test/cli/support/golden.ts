/**
 * Golden files under `test/golden/`: a printer's whole output, compared byte for byte. Regenerate with
 * `UPDATE_GOLDEN=1 npx mocha 'test/cli/**\/*.test.ts'` and review the diff like any other change.
 */

import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ROOT } from "./io";

/** True when the run regenerates golden files instead of checking them. */
export const UPDATING = process.env.UPDATE_GOLDEN === "1";

/** Asserts `actual` equals `test/golden/<name>` (or writes it when updating). */
export function assertGolden(name: string, actual: string): void {
  const file = join(ROOT, "test", "golden", name);
  if (UPDATING) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.ok(
    existsSync(file),
    `missing golden file test/golden/${name}; create it with UPDATE_GOLDEN=1`,
  );
  assert.equal(
    actual,
    readFileSync(file, "utf8"),
    `output differs from test/golden/${name}; if intended, regenerate with UPDATE_GOLDEN=1`,
  );
}
