/**
 * An in-memory `CliIO` for driving commands in-process, and the repository paths tests use.
 */

import { join } from "node:path";
import type { CliIO } from "../../../cli/io";

/** The repository root: the project directory (Pulumi.yaml, Pulumi.dev.yaml) the commands run in. */
export const ROOT = join(__dirname, "..", "..", "..");

/** The date every plan in the tests is judged as of. */
export const NOW = "2026-11-26";

/** The dev stack's policy config, as `npm start` uses it. */
export const DEV_POLICY_CONFIG = "policy/config/dev.json";

/** A CliIO writing to strings. */
export interface MemoryIO {
  readonly io: CliIO;
  readonly stdout: () => string;
  readonly stderr: () => string;
}

/** A fresh in-memory IO: not a terminal, no NO_COLOR, in the repository root unless told otherwise. */
export function memoryIO(overrides: Partial<Pick<CliIO, "cwd" | "env" | "isTTY">> = {}): MemoryIO {
  let out = "";
  let err = "";
  return {
    io: {
      stdout: (text) => (out += text),
      stderr: (text) => (err += text),
      cwd: overrides.cwd ?? ROOT,
      env: overrides.env ?? {},
      isTTY: overrides.isTTY ?? false,
    },
    stdout: () => out,
    stderr: () => err,
  };
}
