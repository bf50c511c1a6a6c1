/**
 * Policy pack configuration as the Pulumi CLI handles `--policy-pack-config FILE`: the file's shape
 * (`{ "all": level, "<policy>": level | { enforcementLevel?, ...properties } }`), each policy's schema
 * defaults filled in, `all` then per-policy levels applied over the policies' own, and the result validated
 * against each policy's `configSchema` (the CLI uses gojsonschema; here ajv, both JSON Schema draft-07-like).
 *
 * On top of the CLI's checks, `strict` (the default) also refuses what the CLI silently accepts but a
 * security config must not contain: unknown policy names (a typo disables nothing and enables nothing),
 * properties a policy does not read, semantic errors such as an unknown role name, and a level below
 * mandatory for the guardrails that must never be lowered (`ALWAYS_MANDATORY`).
 *
 * The config is untrusted data: keys such as `__proto__` or `constructor` are looked up only as own keys
 * and copied as plain data, and a value under a key that names no policy is never quoted back.
 * Reading the file is not done here (the pack never reads files: the engine sends the config); the CLI reads
 * it with its guarded reader (`review/policy-config-file.ts`).
 */

import Ajv from "ajv";
import type { EnforcementLevel, Policies, PolicyConfigSchema } from "@pulumi/policy";
import { semanticConfigProblems } from "./config-checks";
import { schemaDefaults } from "./lib/config";
import { PACK_ENFORCEMENT_LEVEL, policies as packPolicies } from "./policies/index";
import { GUEST_GRANT_ONLY_IN_GUEST_COMPONENT } from "./policies/guest-grant-only-in-guest-component";
import { GUEST_ROLE_NOT_PRIVILEGED } from "./policies/guest-role-not-privileged";
import { GUEST_SCOPE_WITHIN_BOUNDARY } from "./policies/guest-scope-within-boundary";

/**
 * The guardrails whose level a config may not lower below mandatory: what they forbid (a privileged role, a
 * scope outside the boundary, access granted outside a Guest) must never reach Azure. The Pulumi engine takes
 * every level from the config alone (`@pulumi/policy` `server.js`: `policyPackConfig[name].enforcementLevel`
 * first; a `disabled` policy is never called), so the pack cannot refuse such a config itself: the strict
 * check here, which `plan`, `diff` and `condition` run, refuses it instead.
 */
export const ALWAYS_MANDATORY: ReadonlyMap<string, string> = new Map([
  [GUEST_ROLE_NOT_PRIVILEGED, "a guest would get a privileged role"],
  [GUEST_SCOPE_WITHIN_BOUNDARY, "a guest would get access outside the approved scopes"],
  [GUEST_GRANT_ONLY_IN_GUEST_COMPONENT, "access for a guest could be granted outside its Guest"],
]);

/** Levels that still block a deployment. */
const BLOCKING_LEVELS: ReadonlySet<EnforcementLevel> = new Set(["mandatory", "remediate"]);

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

/** Copies own enumerable properties as data: a `__proto__` key stays a key and never sets a prototype. */
function assignOwn(target: Record<string, unknown>, source: object): Record<string, unknown> {
  for (const [key, value] of Object.entries(source)) {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return target;
}

/**
 * Parses the file's shape, as the CLI's `parsePolicyPackConfig` does. A key that names no policy is left to
 * the caller (an error when strict); its value is not read, so a file that is not a policy config (a
 * credentials file, say) is never quoted back.
 */
function parseGiven(
  given: unknown,
  known: ReadonlySet<string>,
  errors: string[],
): Map<string, GivenPolicyConfig> {
  const parsed = new Map<string, GivenPolicyConfig>();
  if (given === undefined || given === null) return parsed;
  if (typeof given !== "object" || Array.isArray(given)) {
    errors.push('the policy pack config must be a JSON object keyed by policy name (or "all")');
    return parsed;
  }
  const levels = ENFORCEMENT_LEVELS.join(", ");
  for (const [key, value] of Object.entries(given)) {
    if (key !== "all" && !known.has(key)) {
      parsed.set(key, { properties: {} });
      continue;
    }
    if (typeof value === "string") {
      if (isLevel(value)) parsed.set(key, { enforcementLevel: value, properties: {} });
      else errors.push(`${key}: "${value}" is not an enforcement level (${levels})`);
    } else if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      const { enforcementLevel, ...rest } = value as Record<string, unknown>;
      const properties = assignOwn({}, rest);
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
  const parsed = parseGiven(given, new Set(policies.map((p) => p.name)), errors);

  // Keyed by our own policy names; a config key is looked up with `get`, so "constructor" finds nothing.
  const byName = new Map<
    string,
    { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }
  >();
  for (const policy of policies) {
    byName.set(policy.name, {
      enforcementLevel: policy.enforcementLevel ?? packLevel,
      properties: schemaDefaults(policy.configSchema),
    });
  }
  const all = parsed.get("all");
  if (all?.enforcementLevel)
    for (const entry of byName.values()) entry.enforcementLevel = all.enforcementLevel;
  for (const [name, entry] of parsed) {
    if (name === "all") {
      if (strict && Object.keys(entry.properties).length > 0)
        errors.push(`all: only an enforcement level may be set for all policies`);
      continue;
    }
    const target = byName.get(name);
    if (!target) {
      if (strict)
        errors.push(
          `${name}: no such policy in the pack (${policies.map((p) => p.name).join(", ")})`,
        );
      continue;
    }
    if (entry.enforcementLevel) target.enforcementLevel = entry.enforcementLevel;
    assignOwn(target.properties, entry.properties);
  }
  if (strict) errors.push(...lowered(byName, parsed));

  const ajv = new Ajv({ allErrors: true, strict: false });
  for (const policy of policies) {
    const properties = (byName.get(policy.name) as GivenPolicyConfig).properties;
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
  return errors.length > 0
    ? { ok: false, errors }
    : { ok: true, config: Object.fromEntries(byName) };
}

/** A problem for each always-mandatory guardrail that the config lowers, naming where the level came from. */
function lowered(
  byName: ReadonlyMap<string, { enforcementLevel: EnforcementLevel }>,
  parsed: ReadonlyMap<string, GivenPolicyConfig>,
): string[] {
  const problems: string[] = [];
  for (const [name, consequence] of ALWAYS_MANDATORY) {
    const level = byName.get(name)?.enforcementLevel;
    if (level === undefined || BLOCKING_LEVELS.has(level)) continue;
    const from = parsed.get(name)?.enforcementLevel !== undefined ? name : "all";
    problems.push(
      `${from}: "${level}" would lower ${name} below mandatory, and then ${consequence}; this guardrail is always mandatory: remove the level ${from === "all" ? `from "all" or set "${name}": "mandatory"` : "from the config"}`,
    );
  }
  return problems;
}
