/**
 * What the drift printers share: the headline of each class, the subject of a finding, the verdict.
 */

import type { DriftClass, DriftFinding, DriftReport } from "../../review/drift/model";
import { plural } from "./words";

/** One line on what each class means, for section headings. */
export const CLASS_HEADLINES: Readonly<Record<DriftClass, string>> = {
  "out-of-band-member":
    "members of declared groups that the declaration does not list: access through the back door",
  "account-missing": "declared guests whose account no longer exists",
  "group-missing": "declared groups that no longer exist",
  "group-name-taken": "declared groups whose name another group holds",
  "email-taken": "declared guests whose email already belongs to another account",
  unmanaged: "guests' and declared groups' assignments that the declaration does not hold",
  inherited: "declared guests' and groups' assignments at a parent scope",
  "expired-present": "grants past their expiry, still in Azure",
  orphaned: "assignments whose principal no longer exists",
  missing: "declared grants not in Azure",
  "missing-membership": "declared members not in their group",
  "pending-invitation": "invitations never accepted",
  "stale-guest": "guest accounts with no declared access",
  "in-sync": "declared and present",
};

/**
 * Who a finding is about: the guest (and the group it comes through), or the group itself for a group's
 * grant or the group's own finding.
 */
export function who(f: DriftFinding): string {
  // A member with no email (a nested group, an application) is named by its object id.
  if (f.class === "out-of-band-member" && !f.email) return `${f.principalId} via group ${f.group}`;
  if (f.group && !f.email) return `group ${f.group}`;
  const person = f.email || f.principalId || "(unknown principal)";
  return f.group ? `${person} via group ${f.group}` : person;
}

/** What a finding is about, in one line: who, which role, where. */
export function subject(f: DriftFinding): string {
  const name = who(f);
  if (!f.scope) {
    const named = f.principalId && (f.email || f.group) && !name.startsWith(f.principalId);
    return named ? `${name} (${f.principalId})` : name;
  }
  return `${name}: ${f.roleName || f.roleId} on ${f.scope}`;
}

/** At most this many names of a finding's `via` are printed; `--format json` has them all. */
export const VIA_SHOWN = 10;

/** A finding's `via` in one line: the members a group's grant reaches, or what a member holds through it. */
export function viaText(f: DriftFinding): string | undefined {
  const via = f.via;
  if (!via) return undefined;
  const head = f.email || !f.scope ? "through the group" : "members";
  if (via.length === 0) return `${head}: none`;
  const shown = via.slice(0, VIA_SHOWN).join(", ");
  return `${head}: ${shown}${via.length > VIA_SHOWN ? `, and ${via.length - VIA_SHOWN} more` : ""}`;
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
    `declared: ${plural(s.declared.guests, "guest")}, ${plural(s.declared.grants, "grant")} (${s.declared.expired} expired)` +
    (s.declared.groups > 0
      ? `, ${plural(s.declared.groups, "group")}, ${plural(s.declared.memberships, "membership")}`
      : "") +
    ` · tenant: ${plural(s.tenant.assignments, "assignment")}, ${plural(s.tenant.users, "user")} (${s.tenant.guests} guests)` +
    (s.tenant.groups > 0 ? `, ${plural(s.tenant.groups, "group")}` : "") +
    (s.declared.groups > 0
      ? ` · ${s.notReviewed} assignments of members, other groups or applications not reviewed · ${s.notJudged} grants or memberships not judged`
      : ` · ${s.notReviewed} assignments of members, groups or applications not reviewed · ${plural(s.notJudged, "grant")} not judged`)
  );
}
