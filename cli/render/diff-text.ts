/**
 * `diff --format text`: account consequences first and loudest, then guests added, removed and changed with
 * their grants, the guardrails' verdict on the new side, and the verdict.
 */

import { formatDiagnostic } from "../../access/format";
import type { DiffView } from "../../review/diff";
import {
  accountAlerts,
  diffCountsText,
  effectTitle,
  grantRefText,
  membersText,
} from "./diff-lines";
import { findingsText } from "./findings";
import { expiryText, resourceLabels } from "./guest-view";
import type { Style } from "./style";
import { stackMoveAdvice } from "../../review/stack-moves";
import { escapeText } from "../../access/escape";
import { plural } from "./words";

function change(before: string | null, after: string | null): string {
  // A multi-line value (an invitation message) shows its line breaks as \n: it is one line of the report.
  return escapeText(`${before ?? "(none)"} -> ${after ?? "(none)"}`);
}

function bodyLines(view: DiffView, style: Style): string[] {
  const { diff } = view.report;
  const lines: string[] = [];
  const alerts = accountAlerts(diff);
  if (alerts.length > 0) {
    lines.push("");
    for (const { email, account, grantsMoved } of alerts) {
      const paint = account.destructive ? style.red : style.yellow;
      lines.push(
        paint(style.bold(`!! ${effectTitle(account)}: ${email}`)),
        `   ${account.message}`,
      );
      for (const g of grantsMoved) lines.push(`   ${paint(">")} moves: ${grantRefText(g)}`);
    }
  }
  for (const guest of diff.added) {
    lines.push(
      "",
      style.green(`+ guest ${guest.email}`) +
        `  ${guest.displayName} (${guest.account === "invited" ? "invited" : "existing user"})`,
    );
    for (const g of guest.grants)
      lines.push(
        `    ${style.green("+")} ${grantRefText(g)}, ${expiryText(g.expires ?? undefined)}`,
      );
    for (const group of guest.memberOf ?? [])
      lines.push(`    ${style.green("+")} member of group ${group}`);
  }
  for (const guest of diff.removed) {
    lines.push(
      "",
      style.red(`- guest ${guest.email}`) + `  ${guest.displayName}: ${guest.account.message}`,
    );
    for (const g of guest.grants) lines.push(`    ${style.red("-")} ${grantRefText(g)}`);
    for (const group of guest.memberOf ?? [])
      lines.push(`    ${style.red("-")} member of group ${group}: leaves it`);
  }
  for (const guest of diff.changed) {
    lines.push("", style.yellow(`~ guest ${guest.email}`));
    for (const f of guest.fields) {
      lines.push(`    ${f.field}: ${change(f.before, f.after)}${f.note ? ` (${f.note})` : ""}`);
    }
    for (const g of guest.grantsAdded)
      lines.push(
        `    ${style.green("+")} ${grantRefText(g)}, ${expiryText(g.expires ?? undefined)}`,
      );
    for (const g of guest.grantsRemoved) {
      lines.push(
        `    ${style.red("-")} ${grantRefText(g)}${g.reason === "expired" ? `: expired ${g.expires ?? ""}` : ""}`,
      );
    }
    for (const g of guest.grantsChanged) {
      const details = g.changes.map((c) =>
        c.field === "description"
          ? "description updated"
          : `${c.field} ${change(c.before, c.after)}`,
      );
      lines.push(`    ${style.yellow("~")} ${grantRefText(g)}: ${details.join("; ")}`);
    }
    for (const group of guest.membershipsAdded ?? [])
      lines.push(`    ${style.green("+")} joins group ${group}: gains its grants`);
    for (const group of guest.membershipsRemoved ?? [])
      lines.push(`    ${style.red("-")} leaves group ${group}: loses its grants`);
  }
  for (const line of groupLines(view, style)) lines.push(line);
  return lines;
}

/** Groups added, removed and changed: each grant change reaches every member. */
function groupLines(view: DiffView, style: Style): string[] {
  const groups = view.report.diff.groups;
  if (!groups) return [];
  const lines: string[] = [];
  for (const group of groups.added) {
    lines.push(
      "",
      style.green(`+ group ${group.name}`) + `  ${plural(group.members.length, "member")}`,
    );
    for (const g of group.grants)
      lines.push(`    ${style.green("+")} ${grantRefText(g)}, ${membersText(group.members)}`);
  }
  for (const group of groups.removed) {
    lines.push(
      "",
      style.red(`- group ${group.name}`) +
        `  deleted with its role assignments: ${plural(group.members.length, "member")} ${group.members.length === 1 ? "loses" : "lose"} its grants`,
    );
    for (const g of group.grants)
      lines.push(`    ${style.red("-")} ${grantRefText(g)}, ${membersText(group.members)}`);
  }
  for (const group of groups.changed) {
    lines.push(
      "",
      style.yellow(`~ group ${group.name}`) + `  ${plural(group.members.length, "member")}`,
    );
    for (const f of group.fields) lines.push(`    ${f.field}: ${change(f.before, f.after)}`);
    for (const g of group.grantsAdded)
      lines.push(`    ${style.green("+")} ${grantRefText(g)}, ${membersText(group.members)}`);
    for (const g of group.grantsRemoved)
      lines.push(
        `    ${style.red("-")} ${grantRefText(g)}, ${membersText(group.members)}${g.reason === "expired" ? `: expired ${g.expires ?? ""}` : ""}`,
      );
    for (const g of group.grantsChanged) {
      const details = g.changes.map((c) =>
        c.field === "description"
          ? "description updated"
          : `${c.field} ${change(c.before, c.after)}`,
      );
      lines.push(`    ${style.yellow("~")} ${grantRefText(g)}: ${details.join("; ")}`);
    }
  }
  return lines;
}

/** The whole diff as text, ending with a newline. */
export function renderDiffText(view: DiffView, style: Style): string {
  const s = view.report.summary;
  const lines = [
    escapeText(`guest-access diff: ${s.old} -> ${s.new}, stack ${s.stack}, as of ${s.today}`),
    ...(s.part ? [escapeText(`part: ${s.part}`)] : []),
  ];
  const diagnostics = [
    ...view.oldLoad.diagnostics.map((d) => formatDiagnostic(d, view.oldLoad.texts)),
    ...view.newLoad.diagnostics.map((d) => formatDiagnostic(d, view.newLoad.texts)),
  ];
  if (diagnostics.length > 0) lines.push("", ...diagnostics);
  if (s.errors > 0) {
    lines.push(
      "",
      style.red(
        style.bold(
          `Verdict: fail (${s.errors} ${s.errors === 1 ? "error" : "errors"} in the declarations; nothing was compared)`,
        ),
      ),
    );
    return `${lines.join("\n")}\n`;
  }
  if (s.noChanges) lines.push("", "No changes.");
  // One line at a time: spreading tens of thousands of lines into push() overflows the stack.
  else for (const line of bodyLines(view, style)) lines.push(line);
  const moves = stackMoveAdvice(view.report.moves ?? [], s.stack);
  if (moves.length > 0)
    lines.push(
      "",
      style.yellow(escapeText(`!! ${moves[0] ?? ""}`)),
      ...moves.slice(1).map((m) => `  ${escapeText(m)}`),
    );
  lines.push("", `Summary: ${diffCountsText(s)}`);
  lines.push(
    "",
    ...findingsText(view.findings, resourceLabels(view.newModel), style).map((l, i) =>
      i === 0 ? `${l} (new side)` : l,
    ),
  );
  const counts = `${s.mandatory} mandatory, ${s.advisory} advisory${s.massRemoval.blocking ? "; mass removal" : ""}`;
  if (s.massRemoval.exceeded) lines.push("", style.red(style.bold(`!! ${s.massRemoval.reason}`)));
  lines.push(
    "",
    s.verdict === "pass"
      ? style.green(style.bold(`Verdict: pass (${counts})`))
      : style.red(style.bold(`Verdict: fail (${counts})`)),
  );
  return `${lines.join("\n")}\n`;
}
