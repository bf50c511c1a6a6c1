/**
 * Which policy pack config a command judges with. Configuration is per stack, in `policy/config/<stack>.json`
 * (README "Guardrails"), and `pulumi preview --policy-pack-config` is given that file: so `--stack NAME` uses
 * it when it exists and `--policy-config` is not given. Without either, the policies' defaults apply, which
 * allow no scope at all; the command says so, since the verdict would then differ from `pulumi preview`'s.
 */

import { existsSync, statSync } from "node:fs";
import { join } from "node:path";

/** Where a stack's policy config lives, relative to the project. */
export function stackPolicyConfigPath(stack: string): string {
  return join("policy", "config", `${stack}.json`);
}

/** A stack name that can name a file in `policy/config/`: Pulumi's characters, no path, no leading dot. */
const FILE_SAFE_STACK = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;

/** The config to judge with, and the line that says which one it is (none when `--policy-config` chose). */
export interface PolicyConfigChoice {
  /** A config file relative to the project, or undefined for the policies' defaults. */
  readonly policyConfig?: string;
  /** For stderr: which config was used and why, unless the user named it. */
  readonly note?: string;
}

/** `--policy-config` when given, else the stack's `policy/config/<stack>.json` when it exists, else none. */
export function choosePolicyConfig(
  stack: string,
  explicit: string | undefined,
  cwd: string,
): PolicyConfigChoice {
  if (explicit !== undefined) return { policyConfig: explicit };
  const own = stackPolicyConfigPath(stack);
  const usable = FILE_SAFE_STACK.test(stack);
  if (usable && existsSync(join(cwd, own)) && statSync(join(cwd, own)).isFile()) {
    return {
      policyConfig: own,
      note: `note: guardrails configured by ${own}, stack "${stack}"'s own policy config; --policy-config chooses another`,
    };
  }
  return {
    note: usable
      ? `note: no --policy-config and no ${own}: the guardrails run with their defaults (no scope allowed), not as pulumi preview runs them with the stack's config`
      : `note: no --policy-config: the guardrails run with their defaults (no scope allowed)`,
  };
}
