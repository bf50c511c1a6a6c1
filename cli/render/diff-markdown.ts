/**
 * `diff --format markdown`: for the pull request. The verdict and any deleted or re-invited account first,
 * then tables of guests and grants (collapsed when long), then the guardrails on the new side.
 */

import { formatLocation } from "../../access/diagnostics";
import type { DiffView } from "../diff";
import { accountAlerts, diffCountsText, effectTitle } from "./diff-lines";
import { findingsMarkdown } from "./findings";
import { resourceLabels } from "./guest-view";
import { code, collapsibleTable, table } from "./markdown";

function alertsSection(view: DiffView): string[] {
  const alerts = accountAlerts(view.report.diff);
  const out: string[] = [];
  const destructive = alerts.filter((a) => a.account.destructive);
  const other = alerts.filter((a) => !a.account.destructive);
  if (destructive.length > 0) {
    out.push(
      "",
      "> [!CAUTION]",
      `> **${destructive.length} ${destructive.length === 1 ? "account" : "accounts"} would be deleted.**`,
    );
    for (const a of destructive) out.push(`> - **${a.email}**: ${a.account.message}`);
  }
  if (other.length > 0) {
    out.push("", "> [!WARNING]", "> **Accounts re-invited or grants moved to another user.**");
    for (const a of other)
      out.push(
        `> - **${a.email}** (${effectTitle(a.account).toLowerCase()}): ${a.account.message}`,
      );
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
      diff.added.map((g) => [g.email, g.displayName, g.account, String(g.grants.length)]),
    ),
    ...tableSection(
      "Guests removed",
      ["Guest", "Name", "Account", "Grants revoked"],
      diff.removed.map((g) => [g.email, g.displayName, g.account.message, String(g.grants.length)]),
    ),
    ...tableSection(
      "Guest details changed",
      ["Guest", "Field", "Before", "After", "Note"],
      diff.changed.flatMap((g) =>
        g.fields.map((f) => [g.email, code(f.field), f.before ?? "", f.after ?? "", f.note ?? ""]),
      ),
    ),
  ];
}

function grantsSection(view: DiffView): string[] {
  const { diff } = view.report;
  const rows: string[][] = [];
  const scope = (g: { scopeName: string | null; scope: string }): string =>
    g.scopeName ? `${g.scopeName} ${code(g.scope)}` : code(g.scope);
  for (const guest of diff.added)
    for (const g of guest.grants)
      rows.push([
        "added",
        guest.email,
        g.roleName,
        code(g.roleId),
        scope(g),
        g.expires ?? "",
        "new guest",
      ]);
  for (const guest of diff.removed)
    for (const g of guest.grants)
      rows.push([
        "removed",
        guest.email,
        g.roleName,
        code(g.roleId),
        scope(g),
        g.expires ?? "",
        "guest removed",
      ]);
  for (const guest of diff.changed) {
    for (const g of guest.grantsAdded)
      rows.push(["added", guest.email, g.roleName, code(g.roleId), scope(g), g.expires ?? "", ""]);
    for (const g of guest.grantsRemoved)
      rows.push([
        "removed",
        guest.email,
        g.roleName,
        code(g.roleId),
        scope(g),
        g.expires ?? "",
        g.reason === "expired" ? "expired" : "",
      ]);
    for (const g of guest.grantsChanged) {
      const detail = g.changes
        .map((c) =>
          c.field === "description"
            ? "description updated"
            : `${c.field}: ${c.before ?? "(none)"} → ${c.after ?? "(none)"}`,
        )
        .join("; ");
      rows.push([
        "changed",
        guest.email,
        g.roleName,
        code(g.roleId),
        scope(g),
        g.expires ?? "",
        detail,
      ]);
    }
  }
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
  out.push(
    "",
    `Stack ${code(s.stack)}, as of ${s.today}; policy config ${s.policyConfig ? code(s.policyConfig) : "(policy defaults)"}.`,
  );
  if (diagnostics.length > 0) {
    const rows = diagnostics.map((d) => [
      d.severity,
      code(d.code),
      code(formatLocation(d)),
      d.message,
    ]);
    out.push(
      "",
      "### Declaration problems",
      "",
      table(["Severity", "Code", "Where", "Problem"], rows),
    );
  }
  if (s.errors === 0) {
    out.push(...alertsSection(view), ...guestsSections(view), ...grantsSection(view));
    out.push("", ...findingsMarkdown(view.findings, resourceLabels(view.newModel)));
  }
  return `${out.join("\n")}\n`;
}
