/**
 * The test harness: the real policies, a config reconciled as the CLI does (defaults, levels, ajv), and the
 * engine-like evaluator (unknown-checking proxy, notApplicable, stack view).
 */

import { evaluatePolicies } from "../../../policy/evaluate";
import type {
  EvaluationResult,
  PolicyDiagnostic,
  PolicyInputResource,
} from "../../../policy/evaluate";
import { reconcilePackConfig } from "../../../policy/pack-config";
import type { ResolvedPackConfig } from "../../../policy/pack-config";
import { ALLOWED_GROUP, ROLES, TODAY } from "./factory";

/** The config the behaviour tests run with: the example's boundary, a fixed date. */
export const TEST_CONFIG = {
  "guest-role-allow-listed": { allowedRoles: ["Reader", "Website Contributor", ROLES.custom] },
  "guest-role-not-privileged": { allowedCustomRoles: [ROLES.custom] },
  "guest-scope-within-boundary": { allowedScopes: [ALLOWED_GROUP] },
  "guest-email-domain-allowed": {
    allowedDomains: ["contoso.example"],
    deniedDomains: ["gmail.com"],
  },
  "guest-grant-expiry-bounded": { today: TODAY },
};

/**
 * Reconciles a config object, failing the test on any error. `strict: false` reconciles it as the Pulumi
 * engine does, which accepts levels the CLI's own check refuses (a guardrail that is always mandatory).
 */
export function resolveConfig(given: unknown = TEST_CONFIG, strict = true): ResolvedPackConfig {
  const result = reconcilePackConfig(given, { strict });
  if (!result.ok) throw new Error(`test config is invalid:\n${result.errors.join("\n")}`);
  return result.config;
}

/** Evaluates the pack's policies over resources with a config (default: the test config). */
export function evaluate(
  resources: readonly PolicyInputResource[],
  given: unknown = TEST_CONFIG,
  strict = true,
): Promise<EvaluationResult> {
  return evaluatePolicies(resources, { config: resolveConfig(given, strict) });
}

/** The violations (not "unknown during preview" advisories) a policy reported. */
export function violationsOf(result: EvaluationResult, policy: string): PolicyDiagnostic[] {
  return result.diagnostics.filter((d) => d.policy === policy && d.kind === "violation");
}

/** One-line summaries of every diagnostic, for readable assertion failures. */
export function summarise(result: EvaluationResult): string[] {
  return result.diagnostics.map((d) => `${d.policy} [${d.enforcementLevel}/${d.kind}] ${d.detail}`);
}
