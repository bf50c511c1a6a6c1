/**
 * Policy pack configuration as the Pulumi CLI handles `--policy-pack-config FILE`: the file's shape
 * (`{ "all": level, "<policy>": level | { enforcementLevel?, ...properties } }`), each policy's schema
 * defaults filled in, `all` then per-policy levels applied over the policies' own, and the result validated
 * against each policy's `configSchema` (the CLI uses gojsonschema; here ajv, both JSON Schema draft-07-like).
 *
 * On top of the CLI's checks, `strict` (the default) also refuses what the CLI silently accepts but a
 * security config must not contain: unknown policy names (a typo disables nothing and enables nothing),
 * properties a policy does not read, and semantic errors such as an unknown role name.
 */

import { readFileSync } from "node:fs";
import Ajv from "ajv";
import type { EnforcementLevel, Policies, PolicyConfigSchema } from "@pulumi/policy";
import { semanticConfigProblems } from "./config-checks";
import { schemaDefaults } from "./lib/config";
import { PACK_ENFORCEMENT_LEVEL, policies as packPolicies } from "./policies/index";

/** The levels a config may name. */
export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = [
  "advisory",
  "mandatory",
  "remediate",
  "disabled",
];

/** One policy's effective configuration, exactly what the CLI sends the pack in `Configure`. */
export interface ResolvedPolicyConfig {
  readonly enforcementLevel: EnforcementLevel;
  readonly properties: Readonly<Record<string, unknown>>;
}

/** Every policy's effective configuration, by policy name. */
export type ResolvedPackConfig = Readonly<Record<string, ResolvedPolicyConfig>>;

/** The outcome of reading a config: the resolved config, or every problem found. */
export type PackConfigResult =
  | { readonly ok: true; readonly config: ResolvedPackConfig }
  | { readonly ok: false; readonly errors: readonly string[] };

/** How to reconcile. */
export interface ReconcileOptions {
  /** The policies of the pack (default: this pack's). */
  readonly policies?: Policies;
  /** The pack's default level (default: this pack's). */
  readonly packEnforcementLevel?: EnforcementLevel;
  /** Also refuse unknown policies and properties and semantic errors (default true). */
  readonly strict?: boolean;
}

interface GivenPolicyConfig {
  enforcementLevel?: EnforcementLevel;
  properties: Record<string, unknown>;
}

function isLevel(value: unknown): value is EnforcementLevel {
  return typeof value === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(value);
}

/** Parses the file's shape, as the CLI's `parsePolicyPackConfig` does. */
function parseGiven(given: unknown, errors: string[]): Map<string, GivenPolicyConfig> {
  const parsed = new Map<string, GivenPolicyConfig>();
  if (given === undefined || given === null) return parsed;
  if (typeof given !== "object" || Array.isArray(given)) {
    errors.push('the policy pack config must be a JSON object keyed by policy name (or "all")');
    return parsed;
  }
  const levels = ENFORCEMENT_LEVELS.join(", ");
  for (const [key, value] of Object.entries(given)) {
    if (typeof value === "string") {
      if (isLevel(value)) parsed.set(key, { enforcementLevel: value, properties: {} });
      else errors.push(`${key}: "${value}" is not an enforcement level (${levels})`);
    } else if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      const { enforcementLevel, ...properties } = value as Record<string, unknown>;
      if (enforcementLevel !== undefined && !isLevel(enforcementLevel)) {
        errors.push(
          `${key}.enforcementLevel: ${JSON.stringify(enforcementLevel)} is not an enforcement level (${levels})`,
        );
        continue;
      }
      parsed.set(key, {
        ...(enforcementLevel !== undefined ? { enforcementLevel } : {}),
        properties,
      });
    } else {
      errors.push(
        `${key}: must be an enforcement level or an object, not ${JSON.stringify(value)}`,
      );
    }
  }
  return parsed;
}

/** The JSON Schema the CLI validates a policy's properties against. */
function objectSchema(schema: PolicyConfigSchema | undefined): object {
  return {
    type: "object",
    properties: schema?.properties ?? {},
    ...(schema?.required?.length ? { required: schema.required } : {}),
  };
}

/** Reconciles a parsed config file (or nothing) with the policies' defaults and validates the result. */
export function reconcilePackConfig(
  given: unknown,
  options: ReconcileOptions = {},
): PackConfigResult {
  const policies = options.policies ?? packPolicies;
  const packLevel = options.packEnforcementLevel ?? PACK_ENFORCEMENT_LEVEL;
  const strict = options.strict ?? true;
  const errors: string[] = [];
  const parsed = parseGiven(given, errors);

  const result: Record<
    string,
    { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }
  > = {};
  for (const policy of policies) {
    result[policy.name] = {
      enforcementLevel: policy.enforcementLevel ?? packLevel,
      properties: schemaDefaults(policy.configSchema),
    };
  }
  const all = parsed.get("all");
  if (all?.enforcementLevel)
    for (const entry of Object.values(result)) entry.enforcementLevel = all.enforcementLevel;
  for (const [name, entry] of parsed) {
    if (name === "all") {
      if (strict && Object.keys(entry.properties).length > 0)
        errors.push(`all: only an enforcement level may be set for all policies`);
      continue;
    }
    const target = result[name];
    if (!target) {
      if (strict)
        errors.push(
          `${name}: no such policy in the pack (${policies.map((p) => p.name).join(", ")})`,
        );
      continue;
    }
    if (entry.enforcementLevel) target.enforcementLevel = entry.enforcementLevel;
    Object.assign(target.properties, entry.properties);
  }

  const ajv = new Ajv({ allErrors: true, strict: false });
  for (const policy of policies) {
    const properties = (result[policy.name] as GivenPolicyConfig).properties;
    const validate = ajv.compile(objectSchema(policy.configSchema));
    if (!validate(properties)) {
      for (const e of validate.errors ?? [])
        errors.push(
          `${policy.name}${e.instancePath.replace(/\//g, ".")}: ${e.message ?? "is invalid"}`,
        );
      continue;
    }
    if (!strict) continue;
    const known = new Set(Object.keys(policy.configSchema?.properties ?? {}));
    for (const key of Object.keys(properties)) {
      if (!known.has(key)) {
        errors.push(
          `${policy.name}.${key}: the policy has no such property (${[...known].join(", ") || "it takes none"})`,
        );
      }
    }
    errors.push(...semanticConfigProblems(policy.name, properties));
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, config: result };
}

/** Reads and reconciles a `--policy-pack-config` file. */
export function loadPackConfigFile(file: string, options: ReconcileOptions = {}): PackConfigResult {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    return { ok: false, errors: [`cannot read ${file}: ${(error as Error).message}`] };
  }
  // The CLI accepts an empty file as "no config".
  if (text.trim() === "") return reconcilePackConfig(undefined, options);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`${file} is not JSON: ${(error as Error).message}`] };
  }
  const result = reconcilePackConfig(json, options);
  return result.ok ? result : { ok: false, errors: result.errors.map((e) => `${file}: ${e}`) };
}
