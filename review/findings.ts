/**
 * The guardrails' verdict on what the program registered: the pack's real policies, evaluated in-process the
 * way the engine runs them (`policy/evaluate.ts`), with the stack's policy pack config reconciled the way
 * `pulumi preview --policy-pack-config FILE` does (`policy/pack-config.ts`). The plan and the diff read only
 * this module, so both show the same verdicts as `pulumi preview --policy-pack policy`.
 */

import { compareText } from "../azure/compare";
import type { RegisteredResource } from "../specs/registration";
import { UsageError } from "./errors";
import { escapeText } from "../access/escape";
import { evaluatePolicies, fromCaptured } from "../policy/evaluate";
import {
  reconcilePackConfig,
  type ResolvedPackConfig,
  type ResolvedPolicyConfig,
} from "../policy/pack-config";
import { readPolicyConfigFile } from "./policy-config-file";
import { GUEST_GRANT_EXPIRY_BOUNDED } from "../policy/policies/guest-grant-expiry-bounded";

/** One guardrail finding, as `--format json` prints it (plus `detail` and `kind` for the printers). */
export interface PolicyFinding {
  readonly policy: string;
  /** `mandatory` fails the plan; `advisory` informs. */
  readonly enforcementLevel: "advisory" | "mandatory";
  readonly severity?: string;
  /** The resource concerned; a stack-wide finding names none. */
  readonly urn?: string;
  /** The message as the engine prints it: the policy's description, a newline, what triggered. */
  readonly message: string;
  /** What triggered, alone: the line a reviewer acts on. */
  readonly detail: string;
  /** A violation, or a policy that could not judge a value unknown during preview. */
  readonly kind: "violation" | "unknown-during-preview";
}

/** Evaluates the guardrails over captured resources. Injectable so the printers can be tested on their own. */
export type EvaluatePolicies = (
  resources: readonly RegisteredResource[],
  config: ResolvedPackConfig,
) => Promise<PolicyFinding[]>;

/**
 * The pack config from a `--policy-config` file, or the policies' own defaults without one. A config that
 * cannot be used is a usage error (exit 2) listing every problem: guessing would judge with the wrong rules.
 * Policies that judge dates are given `today` when the config leaves it empty: the plan's `--now` is its
 * only clock, so the same inputs give the same verdicts on any day.
 */
export function loadPolicyConfig(
  file: string | undefined,
  today: string,
  cwd: string = process.cwd(),
): ResolvedPackConfig {
  const result =
    file === undefined ? reconcilePackConfig(undefined) : readPolicyConfigFile(file, cwd);
  if (!result.ok)
    // One line per problem; a line break inside one (from a key in the file) is escaped, never a line.
    throw new UsageError(
      `the policy config cannot be used:\n  ${result.errors.map(escapeText).join("\n  ")}`,
    );
  const config: Record<string, ResolvedPolicyConfig> = { ...result.config };
  const expiry = config[GUEST_GRANT_EXPIRY_BOUNDED];
  if (expiry && !expiry.properties.today) {
    config[GUEST_GRANT_EXPIRY_BOUNDED] = { ...expiry, properties: { ...expiry.properties, today } };
  }
  return config;
}

const LEVEL_ORDER = { mandatory: 0, advisory: 1 } as const;

/** Findings in the order every printer uses: mandatory first, then by policy, resource and message. */
export function sortFindings(findings: readonly PolicyFinding[]): PolicyFinding[] {
  return [...findings].sort(
    (a, b) =>
      LEVEL_ORDER[a.enforcementLevel] - LEVEL_ORDER[b.enforcementLevel] ||
      compareText(a.policy, b.policy) ||
      compareText(a.urn ?? "", b.urn ?? "") ||
      compareText(a.message, b.message),
  );
}

/** The real evaluation: the pack's policies, engine-faithful. */
export const evaluateGuardrails: EvaluatePolicies = async (resources, config) => {
  // The plan prints violations only; which policies did not apply to what is not kept.
  const result = await evaluatePolicies(resources.map(fromCaptured), {
    config,
    recordNotApplicable: false,
  });
  return sortFindings(
    result.diagnostics.map((d) => ({
      policy: d.policy,
      enforcementLevel: d.enforcementLevel,
      ...(d.severity ? { severity: d.severity } : {}),
      ...(d.urn ? { urn: d.urn } : {}),
      message: d.message,
      detail: d.detail,
      kind: d.kind,
    })),
  );
};
