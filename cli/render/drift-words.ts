/**
 * What the drift printers share: the headline of each class, the subject of a finding, the verdict.
 */

import type { DriftClass, DriftFinding, DriftReport } from "../../review/drift/model";
import { plural } from "./words";

/** One line on what each class means, for section headings. */
export const CLASS_HEADLINES: Readonly<Record<DriftClass, string>> = {
  "account-missing": "declared guests whose account no longer exists",
  "email-taken": "declared guests whose email already belongs to another account",
  unmanaged: "guests' assignments that the declaration does not hold",
  inherited: "declared guests' assignments at a parent scope",
  "expired-present": "grants past their expiry, still in Azure",
  orphaned: "assignments whose principal no longer exists",
  missing: "declared grants not in Azure",
  "pending-invitation": "invitations never accepted",
  "stale-guest": "guest accounts with no declared access",
  "in-sync": "declared and present",
};

/** What a finding is about, in one line: who, which role, where. */
export function subject(f: DriftFinding): string {
  const who = f.email || f.principalId || "(unknown principal)";
  if (!f.scope) return f.principalId && f.email ? `${who} (${f.principalId})` : who;
  return `${who}: ${f.roleName || f.roleId} on ${f.scope}`;
}

/** The verdict in words. */
export function verdictText(report: DriftReport): string {
  const s = report.summary;
  const inSync = s.counts["in-sync"];
  const parts = [
    plural(s.failing, "finding"),
    `${inSync} in sync`,
    ...(s.errors > 0 ? [plural(s.errors, "read error")] : []),
  ];
  const word = s.verdict === "pass" ? "no drift" : s.verdict === "fail" ? "drift" : "incomplete";
  return `${word}: ${parts.join(" · ")}`;
}

/** The counts behind the verdict. */
export function countsText(report: DriftReport): string {
  const s = report.summary;
  return (
    `declared: ${plural(s.declared.guests, "guest")}, ${plural(s.declared.grants, "grant")} (${s.declared.expired} expired) · ` +
    `tenant: ${plural(s.tenant.assignments, "assignment")}, ${plural(s.tenant.users, "user")} (${s.tenant.guests} guests) · ` +
    `${s.notReviewed} assignments of members, groups or applications not reviewed · ${plural(s.notJudged, "grant")} not judged`
  );
}
