/**
 * The drift report: the comparison's findings sorted, counted and judged. What `--format json` prints.
 *
 * The verdict: `error` when a read failed (a partial view is never a silent "no drift") unless the caller
 * accepts a partial report; otherwise `fail` when a finding is in the classes `--fail-on` selects (by default
 * every class but `in-sync`), `pass` when none is.
 */

import type { AccessModel } from "../../access/model";
import { compareText } from "../../azure/compare";
import { compareDrift, type CompareOptions } from "./compare";
import {
  DRIFT_CLASSES,
  type DriftClass,
  type DriftFinding,
  type DriftReport,
  type TenantSnapshot,
} from "./model";

/** Every class but `in-sync`: the default of `--fail-on`. */
export const DEFAULT_FAIL_ON: readonly DriftClass[] = DRIFT_CLASSES.filter((c) => c !== "in-sync");

/** Options of a review. */
export interface ReviewOptions extends CompareOptions {
  /** The classes that make the verdict fail. */
  readonly failOn?: readonly DriftClass[];
  /** Judge on what was read even when some reads failed. */
  readonly allowPartial?: boolean;
  /**
   * One stack's part of a split declaration: which findings are that stack's, the part's model (counted as
   * declared) and its description for the summary. The whole declaration when absent.
   */
  readonly part?: {
    readonly keep: (finding: DriftFinding) => boolean;
    readonly model: AccessModel;
    readonly description: string;
  };
}

const CLASS_ORDER = new Map<DriftClass, number>(DRIFT_CLASSES.map((c, i) => [c, i]));

/** The order reports list findings in: by class, then email, scope, role and assignment. */
export function compareFindings(a: DriftFinding, b: DriftFinding): number {
  return (
    (CLASS_ORDER.get(a.class) as number) - (CLASS_ORDER.get(b.class) as number) ||
    compareText(a.email, b.email) ||
    compareText(a.scope, b.scope) ||
    compareText(a.roleId, b.roleId) ||
    compareText(a.principalId, b.principalId) ||
    compareText(a.assignmentId, b.assignmentId)
  );
}

/** Reviews the declaration against the tenant. */
export function reviewDrift(
  model: AccessModel,
  tenant: TenantSnapshot,
  options: ReviewOptions,
): DriftReport {
  const comparison = compareDrift(model, tenant, options);
  const keep = options.part?.keep ?? (() => true);
  const findings = comparison.findings.filter(keep).sort(compareFindings);
  const declared = options.part?.model ?? model;
  const failOn = options.failOn ?? DEFAULT_FAIL_ON;
  const failing = new Set(failOn);
  const counts = Object.fromEntries(DRIFT_CLASSES.map((c) => [c, 0])) as Record<DriftClass, number>;
  for (const f of findings) counts[f.class]++;
  const failingCount = findings.filter((f) => failing.has(f.class)).length;
  const partial = tenant.errors.length > 0 && options.allowPartial !== true;
  return {
    findings,
    errors: tenant.errors,
    summary: {
      counts,
      failing: failingCount,
      errors: tenant.errors.length,
      declared: {
        guests: declared.guests.length,
        grants: [...declared.guests, ...declared.groups].reduce(
          (n, g) => n + g.spec.grants.length,
          0,
        ),
        expired: [...declared.guests, ...declared.groups].reduce(
          (n, g) => n + g.expiredGrants.length,
          0,
        ),
        groups: declared.groups.length,
        memberships: declared.groups.reduce((n, g) => n + g.members.length, 0),
      },
      tenant: {
        assignments: tenant.assignments.length,
        users: tenant.users.length,
        guests: comparison.tenantGuests,
        groups: tenant.groups?.length ?? 0,
      },
      notReviewed: comparison.notReviewed,
      notJudged: comparison.notJudged,
      verdict: partial ? "error" : failingCount > 0 ? "fail" : "pass",
      ...(options.part ? { part: options.part.description } : {}),
      today: options.today,
      failOn: [...failOn],
      notes: [...tenant.notes, ...comparison.notes],
    },
  };
}
