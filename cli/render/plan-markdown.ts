/**
 * `plan --format markdown`: for a pull-request comment or `$GITHUB_STEP_SUMMARY`. The verdict first, then
 * tables; long lists are collapsed so the verdict stays on screen.
 */

import { formatLocation } from "../../access/diagnostics";
import type { PlanView } from "../../review/plan";
import { changesMarkdown, noticesMarkdown, stateErrorsText } from "./changes";
import { findingsMarkdown, limitsMarkdown } from "./findings";
import { accountText, onRemoveText, resourceLabels } from "./guest-view";
import { code, collapsibleTable, md, table } from "./markdown";
import { plural } from "./words";
import { grantsViaGroups } from "../../review/group-access";

function verdictLine(view: PlanView): string {
  const s = view.report.summary;
  if (s.errors > 0)
    return `**❌ fail**: ${s.errors} ${s.errors === 1 ? "error" : "errors"} in the declaration; nothing was planned.`;
  const mark = s.verdict === "pass" ? "✅ pass" : "❌ fail";
  const stateErrors = stateErrorsText(view.report.stateNotices);
  const removal = s.massRemoval?.exceeded
    ? `\n\n> [!CAUTION]\n> **${md(s.massRemoval.reason)}**`
    : "";
  return (
    `**${mark}**: ${s.mandatory} mandatory, ${s.advisory} advisory findings${stateErrors ? ` · ${stateErrors}` : ""} · ${plural(s.guests, "guest")} ` +
    `(${s.invitedGuests} invited, ${s.existingGuests} existing) · ${plural(s.grants, "grant")} · ${s.expiredGrants} revoked by expiry · ${plural(s.resources, "resource")}${removal}`
  );
}

function diagnosticsSection(view: PlanView): string[] {
  if (view.load.diagnostics.length === 0) return [];
  const rows = view.load.diagnostics.map((d) => [
    d.severity,
    code(d.code),
    code(formatLocation(d)),
    md(d.message),
  ]);
  return [
    "",
    "### Declaration problems",
    "",
    table(["Severity", "Code", "Where", "Problem"], rows),
  ];
}

function guestsSection(view: PlanView): string[] {
  const guests = view.model?.guests ?? [];
  const rows = guests.map(({ spec: g }) => [
    md(g.email),
    md(g.displayName),
    md(
      `${accountText(g, view.part?.identitiesStack)}; ${onRemoveText(g, view.part?.identitiesStack)}`,
    ),
    md(g.sponsor),
    String(g.grants.length),
    g.expires ?? "",
  ]);
  const grantRows = guests.flatMap(({ spec: g }) =>
    g.grants.map((grant) => [
      md(g.email),
      md(grant.role.name),
      code(grant.role.id),
      md(grant.scopeName ?? ""),
      code(grant.scope),
      grant.expires ?? "",
    ]),
  );
  const out = [
    "",
    `### Guests (${guests.length})`,
    "",
    collapsibleTable(
      `Guests (${guests.length})`,
      ["Guest", "Name", "Account", "Sponsor", "Grants", "Expires"],
      rows,
    ),
    "",
    `### Grants (${grantRows.length})`,
    "",
    collapsibleTable(
      `Grants (${grantRows.length})`,
      ["Guest", "Role", "Role ID", "Scope name", "Scope", "Expires"],
      grantRows,
    ),
  ];
  const revoked = guests.flatMap((guest) =>
    guest.expiredGrants.map(({ grant }) => [
      md(guest.spec.email),
      md(grant.role.name),
      code(grant.role.id),
      code(grant.scope),
      grant.expires ?? "",
    ]),
  );
  if (revoked.length > 0) {
    out.push(
      "",
      `### Revoked by expiry (${revoked.length})`,
      "",
      collapsibleTable(
        `Revoked by expiry (${revoked.length})`,
        ["Guest", "Role", "Role ID", "Scope", "Expired"],
        revoked,
      ),
    );
  }
  return out;
}

/** Groups and the access guests get through them; nothing for a declaration without groups. */
function groupsSection(view: PlanView): string[] {
  const model = view.model;
  if (!model || model.groups.length === 0) return [];
  const rows = model.groups.map(({ spec: g, members }) => [
    md(g.name),
    code(g.displayName),
    md(g.sponsor),
    String(members.length),
    String(g.grants.length),
  ]);
  const grantRows = model.groups.flatMap(({ spec: g }) =>
    g.grants.map((grant) => [
      md(g.name),
      md(grant.role.name),
      code(grant.role.id),
      md(grant.scopeName ?? ""),
      code(grant.scope),
      grant.expires ?? "",
    ]),
  );
  const viaRows = model.guests.flatMap((guest) =>
    grantsViaGroups(model, guest).map((grant) => [
      md(guest.spec.email),
      md(grant.via ?? ""),
      md(grant.roleName),
      code(grant.scope),
      grant.expires ?? "",
    ]),
  );
  return [
    "",
    `### Groups (${model.groups.length})`,
    "",
    table(["Group", "Entra ID name", "Sponsor", "Members", "Grants"], rows),
    "",
    `### Group grants (${grantRows.length})`,
    "",
    collapsibleTable(
      `Group grants (${grantRows.length}), one role assignment each`,
      ["Group", "Role", "Role ID", "Scope name", "Scope", "Expires"],
      grantRows,
    ),
    "",
    `### Access through groups (${viaRows.length})`,
    "",
    collapsibleTable(
      `Access through groups (${viaRows.length})`,
      ["Guest", "Via group", "Role", "Scope", "Expires"],
      viaRows,
    ),
  ];
}

/** The whole plan as markdown, ending with a newline. */
export function renderPlanMarkdown(view: PlanView): string {
  const s = view.report.summary;
  const out = [
    `## guest-access plan: stack ${code(s.stack)}`,
    "",
    verdictLine(view),
    "",
    `Declaration ${code(s.path)} as of ${s.today}; policy config ${s.policyConfig ? code(s.policyConfig) : "(policy defaults)"}.`,
    ...(s.part ? ["", `Part: ${md(s.part)}.`] : []),
    ...diagnosticsSection(view),
  ];
  if (view.model) {
    const labels = resourceLabels(view.model);
    if (view.report.changes && s.changes)
      out.push("", ...changesMarkdown(view.report.changes, s.changes, labels));
    const notices = noticesMarkdown(view.report.stateNotices, labels);
    if (notices.length > 0) out.push("", ...notices);
    out.push("", ...findingsMarkdown(view.findings, labels));
    out.push(...groupsSection(view));
    out.push(...guestsSection(view));
    out.push("", ...limitsMarkdown(s.assignments));
  }
  return `${out.join("\n")}\n`;
}
