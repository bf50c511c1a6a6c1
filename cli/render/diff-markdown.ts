/**
 * `diff --format markdown`: for the pull request. The verdict and any deleted or re-invited account first,
 * then tables of guests and grants (collapsed when long), then the guardrails on the new side.
 */

import { formatLocation } from "../../access/diagnostics";
import { stackMoveAdvice } from "../../review/stack-moves";
import type { DiffView } from "../../review/diff";
import type { AccountChange, FieldChange, GrantRef } from "../../review/diff-model";
import {
  accountAlerts,
  diffCountsText,
  effectTitle,
  grantRefText,
  membersText,
  type AccountAlert,
} from "./diff-lines";
import { findingsMarkdown } from "./findings";
import { resourceLabels } from "./guest-view";
import { code, collapsibleTable, md, table } from "./markdown";

/** An alert's bullet, with the grants whose principal changes as a nested list. */
function alertItems(alert: AccountAlert): string[] {
  return [
    `> - **${md(alert.email)}** (${effectTitle(alert.account).toLowerCase()}): ${md(alert.account.message)}`,
    ...alert.grantsMoved.map((g) => `>   - moves: ${md(grantRefText(g))}`),
  ];
}

function alertsSection(view: DiffView): string[] {
  const alerts = accountAlerts(view.report.diff);
  const out: string[] = [];
  const destructive = alerts.filter((a) => a.account.destructive);
  const other = alerts.filter((a) => !a.account.destructive);
  if (destructive.length > 0) {
    out.push(
      "",
      "> [!CAUTION]",
      `> **${destructive.length === 1 ? "1 change costs a guest their account" : `${destructive.length} changes cost guests their accounts`}** (deleted, or re-invited as a new one).`,
    );
    for (const a of destructive) out.push(...alertItems(a));
  }
  if (other.length > 0) {
    out.push("", "> [!WARNING]", "> **Grants move to another user.**");
    for (const a of other) out.push(...alertItems(a));
  }
  return out;
}

/** A heading and a collapsible table, or nothing when there are no rows. */
function tableSection(title: string, headers: readonly string[], rows: string[][]): string[] {
  if (rows.length === 0) return [];
  const heading = `${title} (${rows.length})`;
  return ["", `### ${heading}`, "", collapsibleTable(heading, [...headers], rows)];
}

function guestsSections(view: DiffView): string[] {
  const { diff } = view.report;
  return [
    ...tableSection(
      "Guests added",
      ["Guest", "Name", "Account", "Grants"],
      diff.added.map((g) => [md(g.email), md(g.displayName), g.account, String(g.grants.length)]),
    ),
    ...tableSection(
      "Guests removed",
      ["Guest", "Name", "Account", "Grants revoked"],
      diff.removed.map((g) => [
        md(g.email),
        md(g.displayName),
        md(g.account.message),
        String(g.grants.length),
      ]),
    ),
    ...tableSection(
      "Guest details changed",
      ["Guest", "Field", "Before", "After", "Note"],
      diff.changed.flatMap((g) =>
        g.fields.map((f) => [
          md(g.email),
          code(f.field),
          md(f.before ?? ""),
          md(f.after ?? ""),
          md(f.note ?? ""),
        ]),
      ),
    ),
  ];
}

/** One row of the grants table. */
function grantRow(change: string, email: string, grant: GrantRef, detail: string): string[] {
  const scope = grant.scopeName ? `${md(grant.scopeName)} ${code(grant.scope)}` : code(grant.scope);
  return [
    change,
    md(email),
    md(grant.roleName),
    code(grant.roleId),
    scope,
    md(grant.expires ?? ""),
    md(detail),
  ];
}

function grantChangeDetail(changes: readonly FieldChange[]): string {
  return changes
    .map((c) =>
      c.field === "description"
        ? "description updated"
        : `${c.field}: ${c.before ?? "(none)"} → ${c.after ?? "(none)"}`,
    )
    .join("; ");
}

/** Why a grant moves: its guest's account changed. */
function movedDetail(account: AccountChange | null): string {
  return account
    ? `principal changes (${effectTitle(account).toLowerCase()})`
    : "principal changes";
}

function grantsSection(view: DiffView): string[] {
  const { diff } = view.report;
  const rows: string[][] = [
    ...diff.added.flatMap((guest) =>
      guest.grants.map((g) => grantRow("added", guest.email, g, "new guest")),
    ),
    ...diff.removed.flatMap((guest) =>
      guest.grants.map((g) => grantRow("removed", guest.email, g, "guest removed")),
    ),
    ...diff.changed.flatMap((guest) => [
      ...guest.grantsAdded.map((g) => grantRow("added", guest.email, g, "")),
      ...guest.grantsRemoved.map((g) =>
        grantRow("removed", guest.email, g, g.reason === "expired" ? "expired" : ""),
      ),
      ...guest.grantsChanged.map((g) =>
        grantRow("changed", guest.email, g, grantChangeDetail(g.changes)),
      ),
      ...guest.grantsMoved.map((g) =>
        grantRow("moved", guest.email, g, movedDetail(guest.account)),
      ),
    ]),
  ];
  if (rows.length === 0) return [];
  return [
    "",
    `### Grants (${rows.length})`,
    "",
    collapsibleTable(
      `Grants (${rows.length})`,
      ["Change", "Guest", "Role", "Role ID", "Scope", "Expires", "Detail"],
      rows,
    ),
  ];
}

/** Memberships gained and lost, and groups added, removed and changed (each grant change reaches every member). */
function groupsSections(view: DiffView): string[] {
  const { diff } = view.report;
  const memberships: string[][] = [
    ...diff.added.flatMap((g) =>
      (g.memberOf ?? []).map((group) => ["joins", md(g.email), md(group), "new guest"]),
    ),
    ...diff.removed.flatMap((g) =>
      (g.memberOf ?? []).map((group) => ["leaves", md(g.email), md(group), "guest removed"]),
    ),
    ...diff.changed.flatMap((g) => [
      ...(g.membershipsAdded ?? []).map((group) => ["joins", md(g.email), md(group), ""]),
      ...(g.membershipsRemoved ?? []).map((group) => ["leaves", md(g.email), md(group), ""]),
    ]),
  ];
  const groups = diff.groups;
  const grantRows: string[][] = groups
    ? [
        ...groups.added.flatMap((group) =>
          group.grants.map((g) =>
            grantRow("added", `group ${group.name}`, g, `new group, ${membersText(group.members)}`),
          ),
        ),
        ...groups.removed.flatMap((group) =>
          group.grants.map((g) =>
            grantRow(
              "removed",
              `group ${group.name}`,
              g,
              `group deleted, ${membersText(group.members)}`,
            ),
          ),
        ),
        ...groups.changed.flatMap((group) => [
          ...group.grantsAdded.map((g) =>
            grantRow("added", `group ${group.name}`, g, membersText(group.members)),
          ),
          ...group.grantsRemoved.map((g) =>
            grantRow(
              "removed",
              `group ${group.name}`,
              g,
              `${g.reason === "expired" ? "expired, " : ""}${membersText(group.members)}`,
            ),
          ),
          ...group.grantsChanged.map((g) =>
            grantRow("changed", `group ${group.name}`, g, grantChangeDetail(g.changes)),
          ),
        ]),
      ]
    : [];
  const fieldRows: string[][] = (groups?.changed ?? []).flatMap((group) =>
    group.fields.map((f) => [md(group.name), code(f.field), md(f.before ?? ""), md(f.after ?? "")]),
  );
  return [
    ...tableSection("Memberships", ["Change", "Guest", "Group", "Detail"], memberships),
    ...tableSection(
      "Group grants",
      ["Change", "Group", "Role", "Role ID", "Scope", "Expires", "Detail"],
      grantRows,
    ),
    ...tableSection("Group details changed", ["Group", "Field", "Before", "After"], fieldRows),
  ];
}

/** The whole diff as markdown, ending with a newline. */
export function renderDiffMarkdown(view: DiffView): string {
  const s = view.report.summary;
  const out = [`## guest-access diff: ${code(s.old)} → ${code(s.new)}`, ""];
  const diagnostics = [...view.oldLoad.diagnostics, ...view.newLoad.diagnostics];
  if (s.errors > 0) {
    out.push(
      `**❌ fail**: ${s.errors} ${s.errors === 1 ? "error" : "errors"} in the declarations; nothing was compared.`,
    );
  } else {
    out.push(
      `**${s.verdict === "pass" ? "✅ pass" : "❌ fail"}**: ${s.noChanges ? "no changes" : diffCountsText(s)} · guardrails on the new side: ${s.mandatory} mandatory, ${s.advisory} advisory`,
    );
  }
  if (s.massRemoval.exceeded) out.push("", "> [!CAUTION]", `> **${md(s.massRemoval.reason)}**`);
  out.push(
    "",
    `Stack ${code(s.stack)}, as of ${s.today}; policy config ${s.policyConfig ? code(s.policyConfig) : "(policy defaults)"}.`,
    ...(s.part ? ["", `Part: ${md(s.part)}.`] : []),
  );
  const moves = stackMoveAdvice(view.report.moves ?? [], s.stack);
  if (moves.length > 0)
    out.push(
      "",
      "> [!WARNING]",
      `> ${md(moves[0] ?? "")}`,
      "",
      ...moves.slice(1).map((m) => `- ${md(m)}`),
    );
  if (diagnostics.length > 0) {
    const rows = diagnostics.map((d) => [
      d.severity,
      code(d.code),
      code(formatLocation(d)),
      md(d.message),
    ]);
    out.push(
      "",
      "### Declaration problems",
      "",
      table(["Severity", "Code", "Where", "Problem"], rows),
    );
  }
  if (s.errors === 0) {
    out.push(
      ...alertsSection(view),
      ...guestsSections(view),
      ...grantsSection(view),
      ...groupsSections(view),
    );
    out.push("", ...findingsMarkdown(view.findings, resourceLabels(view.newModel)));
  }
  return `${out.join("\n")}\n`;
}
