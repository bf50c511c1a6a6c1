/**
 * `guest-access condition [--policy-config FILE] [--format text|json]`: print the Azure ABAC condition that
 * limits the deploying identity's "Role Based Access Control Administrator" assignment to the roles the
 * guardrails allow, for users only. Exit 0 with the condition; 1 when it would exceed Azure's 8 KB limit
 * (taken as 8,000 bytes) or allows no role; 2 on bad usage or an unreadable or invalid policy config.
 *
 * Use it as:
 *   az role assignment create --assignee <deployer> --role "Role Based Access Control Administrator" \
 *     --scope /subscriptions/<id> --condition "$(guest-access condition --policy-config policy/config/dev.json)" \
 *     --condition-version 2.0
 */

import { conditionFor, CONDITION_VERSION } from "../policy/condition";
import type { ConditionResult } from "../policy/condition";
import { reconcilePackConfig } from "../policy/pack-config";
import { readPolicyConfigFile } from "../review/policy-config-file";
import type { PackConfigResult } from "../policy/pack-config";
import { ExitCode, type CliIO } from "./io";
import { escapeText } from "../access/escape";

/** Options of `condition`. */
export interface ConditionOptions {
  /** The `--policy-pack-config` file to read; without it, the policies' defaults. */
  readonly policyConfig?: string;
  readonly format: "text" | "json";
}

/** The pure core: the condition for a config file (or the defaults). */
export function conditionFromConfig(
  policyConfig: string | undefined,
  cwd: string,
): { config: PackConfigResult; condition?: ConditionResult } {
  const config =
    policyConfig === undefined
      ? reconcilePackConfig(undefined)
      : readPolicyConfigFile(policyConfig, cwd);
  return config.ok ? { config, condition: conditionFor(config.config) } : { config };
}

/** Runs `condition` with parsed options and returns its exit code. */
export function printCondition(options: ConditionOptions, io: CliIO): number {
  const { config, condition } = conditionFromConfig(options.policyConfig, io.cwd);
  if (!config.ok) {
    for (const error of config.errors) io.stderr(`guest-access condition: ${escapeText(error)}\n`);
    return ExitCode.Usage;
  }
  if (!condition?.ok) {
    io.stderr(`guest-access condition: ${condition?.error ?? "no condition"}\n`);
    return condition?.reason === "config" ? ExitCode.Usage : ExitCode.Findings;
  }
  if (options.format === "json") {
    const report = {
      conditionVersion: CONDITION_VERSION,
      condition: condition.condition,
      bytes: condition.bytes,
      roles: condition.roles,
    };
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    io.stdout(`${condition.condition}\n`);
  }
  return ExitCode.Ok;
}
