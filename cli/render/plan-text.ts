/**
 * `plan --format text`: for a terminal. Per guest the account and each grant, grants revoked by expiry, the
 * changes against the deployed stack (with `--state`), the guardrails' findings by level, Azure's limits,
 * totals and the verdict.
 */

import { formatDiagnostic } from "../../access/format";
import type { PlanView } from "../../review/plan";
import { changesText, noticesText, stateErrorsText } from "./changes";
import { findingsText, limitsText } from "./findings";
import {
  accountText,
  expiryText,
  onRemoveText,
  resourceLabels,
  roleText,
  scopeText,
} from "./guest-view";
import type { Style } from "./style";
import { escapeText } from "../../access/escape";
import { plural } from "./words";
import { grantsViaGroups } from "../../review/group-access";

function header(view: PlanView): string {
  const s = view.report.summary;
  const head = escapeText(
    `guest-access plan: stack ${s.stack}, ${s.path}, as of ${s.today}, policy config ${s.policyConfig ?? "(policy defaults)"}`,
  );
  return s.part ? `${head}\n${escapeText(`part: ${s.part}`)}` : head;
}

function guestLines(view: PlanView, style: Style): string[] {
  const lines: string[] = [];
  for (const guest of view.model?.guests ?? []) {
    const g = guest.spec;
    lines.push("", `${style.bold(g.email)}  ${g.displayName}`);
    lines.push(
      `  ${accountText(g, view.part?.identitiesStack)}; ${onRemoveText(g, view.part?.identitiesStack)}`,
    );
    lines.push(
      `  sponsor ${g.sponsor}; ${g.expires ? `expires ${g.expires}` : "no expiry"}${g.ticket ? `; ticket ${g.ticket}` : ""}`,
    );
    for (const grant of g.grants) {
      lines.push(
        `  ${style.green("+")} ${roleText(grant)} on ${scopeText(grant)}, ${expiryText(grant.expires)}`,
      );
    }
    if (view.model) {
      for (const grant of grantsViaGroups(view.model, guest)) {
        const scope = grant.scopeName ? `${grant.scopeName} (${grant.scope})` : grant.scope;
        lines.push(
          `  ${style.green("+")} ${grant.roleName} (${grant.roleId}) on ${scope}, ${expiryText(grant.expires ?? undefined)}, via group ${grant.via ?? ""}`,
        );
      }
    }
    for (const { grant } of guest.expiredGrants) {
      lines.push(
        `  ${style.red("-")} ${roleText(grant)} on ${scopeText(grant)}: revoked, expired ${grant.expires ?? ""}`,
      );
    }
  }
  return lines;
}

/** Each group: its Entra name, members, sponsor and reason, each grant, and grants revoked by expiry. */
function groupLines(view: PlanView, style: Style): string[] {
  const lines: string[] = [];
  for (const group of view.model?.groups ?? []) {
    const g = group.spec;
    lines.push(
      "",
      `${style.bold(`group ${g.name}`)}  ${g.displayName}; ${plural(group.members.length, "member")}`,
    );
    lines.push(`  sponsor ${g.sponsor}; ${g.reason}${g.ticket ? `; ticket ${g.ticket}` : ""}`);
    for (const grant of g.grants)
      lines.push(
        `  ${style.green("+")} ${roleText(grant)} on ${scopeText(grant)}, ${expiryText(grant.expires)}`,
      );
    for (const { grant } of group.expiredGrants)
      lines.push(
        `  ${style.red("-")} ${roleText(grant)} on ${scopeText(grant)}: revoked from every member, expired ${grant.expires ?? ""}`,
      );
  }
  return lines;
}

function totals(view: PlanView): string {
  const s = view.report.summary;
  return (
    `Totals: ${plural(s.guests, "guest")} (${s.invitedGuests} invited, ${s.existingGuests} existing), ${plural(s.grants, "grant")}, ` +
    `${s.expiredGrants} revoked by expiry, ${s.groups !== undefined ? `${plural(s.groups, "group")} (${plural(s.memberships ?? 0, "membership")}), ` : ""}` +
    `${plural(s.resources, "resource")}; ${plural(s.errors, "error")}, ${plural(s.warnings, "warning")}`
  );
}

function verdict(view: PlanView, style: Style): string {
  const s = view.report.summary;
  if (s.errors > 0)
    return style.red(
      style.bold(
        `Verdict: fail (${s.errors} ${s.errors === 1 ? "error" : "errors"} in the declaration; nothing was planned)`,
      ),
    );
  const stateErrors = stateErrorsText(view.report.stateNotices);
  const counts = `${s.mandatory} mandatory, ${s.advisory} advisory${s.massRemoval?.blocking ? "; mass removal" : ""}${stateErrors ? `; ${stateErrors}` : ""}`;
  return s.verdict === "pass"
    ? style.green(style.bold(`Verdict: pass (${counts})`))
    : style.red(style.bold(`Verdict: fail (${counts})`));
}

/** The whole plan as text, ending with a newline. */
export function renderPlanText(view: PlanView, style: Style): string {
  const lines = [header(view)];
  if (view.load.diagnostics.length > 0) {
    lines.push("", ...view.load.diagnostics.map((d) => formatDiagnostic(d, view.load.texts)));
  }
  if (view.model) {
    const labels = resourceLabels(view.model);
    // One line at a time: spreading tens of thousands of lines into push() overflows the stack.
    for (const line of groupLines(view, style)) lines.push(line);
    for (const line of guestLines(view, style)) lines.push(line);
    if (view.report.changes && view.report.summary.changes) {
      lines.push(
        "",
        ...changesText(view.report.changes, view.report.summary.changes, labels, style),
      );
    }
    const notices = noticesText(view.report.stateNotices, labels, style);
    if (notices.length > 0) lines.push("", ...notices);
    lines.push("", ...findingsText(view.findings, labels, style));
    lines.push("", ...limitsText(view.report.summary.assignments, style));
  }
  const removal = view.report.summary.massRemoval;
  if (removal?.exceeded) lines.push("", style.red(style.bold(`!! ${removal.reason}`)));
  lines.push("", totals(view), verdict(view, style));
  return `${lines.join("\n")}\n`;
}
