/**
 * Resources captured from the real program (index.ts's `runProgram`) under Pulumi's mocks, as the analyzer
 * would see them, and the dev stack's policy config pinned to a date.
 */

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { captureProgram } from "../../../program/capture";
import { fromCaptured } from "../../../policy/evaluate";
import type { PolicyInputResource } from "../../../policy/evaluate";
import type { Mode } from "./factory";
import { TODAY } from "./factory";

/** The repository root. */
export const ROOT = join(__dirname, "..", "..", "..");

/** The declaration with one guest given Owner. */
export const OWNER_FIXTURE = join(ROOT, "test", "fixtures", "policy", "owner-access.yaml");

/** Runs the real program on an access file and returns what it registered, in the analyzer's shape. */
export async function captureForPolicies(
  accessFile: string,
  mode: Mode,
): Promise<PolicyInputResource[]> {
  const { resources } = await captureProgram({
    stack: "dev",
    preview: mode === "preview",
    config: { "guest-access:accessFile": accessFile, "guest-access:today": TODAY },
  });
  return resources.map(fromCaptured);
}

/** `policy/config/dev.json` as written, with expiries judged as of the test date. */
export function devConfig(): Record<string, unknown> {
  const dev = JSON.parse(
    readFileSync(join(ROOT, "policy", "config", "dev.json"), "utf8"),
  ) as Record<string, Record<string, unknown>>;
  return {
    ...dev,
    "guest-grant-expiry-bounded": { ...dev["guest-grant-expiry-bounded"], today: TODAY },
  };
}
