/**
 * `guest-access condition [--policy-config FILE] [--format text|json]`: print the Azure ABAC condition that
 * limits the deploying identity's "Role Based Access Control Administrator" assignment to the roles the
 * guardrails allow, for users only. Exit 0 with the condition, 1 when it would exceed Azure's 8 KB limit (or
 * allows no role), 2 on bad usage or an unreadable or invalid policy config.
 *
 * Use it as:
 *   az role assignment create --assignee <deployer> --role "Role Based Access Control Administrator" \
 *     --scope /subscriptions/<id> --condition "$(guest-access condition --policy-config policy/config/dev.json)" \
 *     --condition-version 2.0
 */

import { resolve } from "node:path";
import { conditionFor, CONDITION_VERSION } from "../policy/condition";
import type { ConditionResult } from "../policy/condition";
import { loadPackConfigFile, reconcilePackConfig } from "../policy/pack-config";
import type { PackConfigResult } from "../policy/pack-config";
import { ExitCode, UsageError, type CliIO } from "./io";

/** Options of `condition`. */
export interface ConditionOptions {
  /** The `--policy-pack-config` file to read; without it, the policies' defaults. */
  readonly policyConfig?: string;
  readonly format: "text" | "json";
}

/** The usage text. */
export const CONDITION_USAGE = `Usage: guest-access condition [--policy-config FILE] [--format text|json]

Print the Azure ABAC condition (version ${CONDITION_VERSION}) that limits a deploying identity's
"Role Based Access Control Administrator" assignment to writing and deleting role assignments of the
roles the guardrails allow, for principal type User.

Options:
  --policy-config FILE  the policy pack config (as for pulumi --policy-pack-config); default: the policies' defaults
  --format FORMAT       text (the condition alone, for $(...)) or json
  -h, --help            show this help
`;

/** Parses the command's arguments; throws `UsageError`. Undefined means help was asked for. */
export function parseConditionArgs(argv: readonly string[]): ConditionOptions | undefined {
  let policyConfig: string | undefined;
  let format: "text" | "json" = "text";
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] =
      arg.startsWith("--") && arg.includes("=")
        ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
        : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === "-h" || flag === "--help") return undefined;
    else if (flag === "--policy-config") policyConfig = value();
    else if (flag === "--format") {
      const f = value();
      if (f !== "text" && f !== "json")
        throw new UsageError(`--format must be text or json, not "${f}"`);
      format = f;
    } else throw new UsageError(`unknown argument "${arg}"`);
  }
  return { ...(policyConfig !== undefined ? { policyConfig } : {}), format };
}

/** The pure core: the condition for a config file (or the defaults). */
export function conditionFromConfig(
  policyConfig: string | undefined,
  cwd: string,
): { config: PackConfigResult; condition?: ConditionResult } {
  const config =
    policyConfig === undefined
      ? reconcilePackConfig(undefined)
      : loadPackConfigFile(resolve(cwd, policyConfig));
  return config.ok ? { config, condition: conditionFor(config.config) } : { config };
}

/** Runs `condition` with parsed options and returns its exit code. */
export function printCondition(options: ConditionOptions, io: CliIO): number {
  const { config, condition } = conditionFromConfig(options.policyConfig, io.cwd);
  if (!config.ok) {
    for (const error of config.errors) io.stderr(`guest-access condition: ${error}\n`);
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

/** The command's entry: `argv` is what follows `condition`. */
export function runCondition(argv: readonly string[], io: CliIO): Promise<number> {
  let options: ConditionOptions | undefined;
  try {
    options = parseConditionArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`guest-access condition: ${error.message}\n\n${CONDITION_USAGE}`);
    return Promise.resolve(ExitCode.Usage);
  }
  if (!options) {
    io.stdout(CONDITION_USAGE);
    return Promise.resolve(ExitCode.Ok);
  }
  return Promise.resolve(printCondition(options, io));
}
