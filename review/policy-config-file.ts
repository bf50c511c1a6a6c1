/**
 * Reading a `--policy-pack-config` file for the CLI: through the guarded reader (a regular file of bounded
 * size, kept inside the project when named inside it), as strict UTF-8, with JSON whose `__proto__` and
 * `constructor` keys are plain keys, then reconciled the way the Pulumi CLI does (`policy/pack-config.ts`).
 * Nothing of the file is quoted when it is not a policy config.
 */

import { resolve } from "node:path";
import {
  parseJsonInput,
  projectBoundFor,
  readInputText,
  UnreadableInputError,
} from "../access/read-input";
import {
  reconcilePackConfig,
  type PackConfigResult,
  type ReconcileOptions,
} from "../policy/pack-config";

/** Reads and reconciles the config file `file` (relative to `cwd`), named as given in messages. */
export function readPolicyConfigFile(
  file: string,
  cwd: string,
  options: ReconcileOptions = {},
): PackConfigResult {
  let text: string;
  let json: unknown;
  try {
    const path = resolve(cwd, file);
    const within = projectBoundFor(path, cwd);
    text = readInputText(path, {
      kind: "policy config",
      shown: file,
      ...(within !== undefined ? { within } : {}),
    });
    // The CLI accepts an empty file as "no config".
    if (text.trim() === "") return reconcilePackConfig(undefined, options);
    json = parseJsonInput(text, file, 'a policy pack config is JSON: { "all": "mandatory", ... }');
  } catch (error) {
    if (error instanceof UnreadableInputError) return { ok: false, errors: [error.message] };
    throw error;
  }
  const result = reconcilePackConfig(json, options);
  return result.ok ? result : { ok: false, errors: result.errors.map((e) => `${file}: ${e}`) };
}
