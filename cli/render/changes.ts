/**
 * `plan --state`: what an update would do to the deployed stack, destructive changes first and loudest.
 */

import { compareText } from "../../azure/compare";
import type { ChangeCounts, ChangeKind, ResourceChange, StateNotice } from "../../review/state";
import { labelOfUrn } from "./guest-view";
import { code, collapsibleTable, md, table } from "./markdown";
import { escapeText } from "../../access/escape";
import type { Style } from "./style";

const KIND_ORDER: Readonly<Record<ChangeKind, number>> = {
  delete: 0,
  replace: 1,
  create: 2,
  update: 3,
  same: 4,
};

/** Changes worth showing (everything but `same`), destructive first, then by kind and URN. */
export function visibleChanges(changes: readonly ResourceChange[]): ResourceChange[] {
  return changes
    .filter((c) => c.kind !== "same")
    .sort(
      (a, b) =>
        Number(b.destructive) - Number(a.destructive) ||
        KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
        compareText(a.urn, b.urn),
    );
}

/** `2 create, 1 update, 0 replace, 1 delete, 15 unchanged`. */
export function changeCountsText(counts: ChangeCounts): string {
  return `${counts.create} to create, ${counts.update} to update, ${counts.replace} to replace, ${counts.delete} to delete, ${counts.same} unchanged`;
}

function inputsText(change: ResourceChange): string {
  if (change.changedInputs.length === 0) return "";
  const forcing = new Set(change.replaceReasons);
  return change.changedInputs
    .map((k) => (forcing.has(k) ? `${k} (forces replacement)` : k))
    .join(", ");
}

/** The changes as text lines. */
export function changesText(
  changes: readonly ResourceChange[],
  counts: ChangeCounts,
  labels: ReadonlyMap<string, string>,
  style: Style,
): string[] {
  const lines = [style.bold(`Changes against the deployed stack: ${changeCountsText(counts)}`)];
  if (counts.destructive > 0) {
    lines.push(
      style.red(
        style.bold(
          `  DESTRUCTIVE: ${counts.destructive} ${counts.destructive === 1 ? "change deletes a user account" : "changes delete user accounts"}`,
        ),
      ),
    );
  }
  for (const change of visibleChanges(changes)) {
    const head = `${change.destructive ? "DESTRUCTIVE " : ""}${change.kind}`;
    const paint =
      change.destructive || change.kind === "delete"
        ? style.red
        : change.kind === "create"
          ? style.green
          : style.yellow;
    const inputs = inputsText(change);
    lines.push(
      `  ${paint(head)} ${escapeText(labelOfUrn(change.urn, labels))}${inputs ? ` (${escapeText(inputs)})` : ""}`,
    );
    if (change.note) lines.push(`      ${escapeText(change.note)}`);
  }
  return lines;
}

/** The changes as markdown. */
export function changesMarkdown(
  changes: readonly ResourceChange[],
  counts: ChangeCounts,
  labels: ReadonlyMap<string, string>,
): string[] {
  const out = [`### Changes against the deployed stack`, "", changeCountsText(counts)];
  if (counts.destructive > 0) {
    out.push(
      "",
      `> [!CAUTION]\n> **${counts.destructive} destructive ${counts.destructive === 1 ? "change deletes a user account" : "changes delete user accounts"}.** The guests lose every grant and must be invited again.`,
    );
  }
  const visible = visibleChanges(changes);
  if (visible.length === 0) return out;
  const destructive = visible.filter((c) => c.destructive);
  const rest = visible.filter((c) => !c.destructive);
  const row = (c: ResourceChange): string[] => [
    `${c.destructive ? "**destructive** " : ""}${c.kind}`,
    md(labelOfUrn(c.urn, labels)),
    code(c.type),
    md(inputsText(c)),
    md(c.note ?? ""),
  ];
  const headers = ["Change", "Resource", "Type", "Inputs", "Consequence"];
  if (destructive.length > 0) out.push("", table(headers, destructive.map(row)));
  if (rest.length > 0)
    out.push("", collapsibleTable(`Other changes (${rest.length})`, headers, rest.map(row)));
  return out;
}

/** Errors first, then by resource. */
function orderedNotices(notices: readonly StateNotice[]): StateNotice[] {
  return [...notices].sort(
    (a, b) =>
      Number(a.severity !== "error") - Number(b.severity !== "error") ||
      compareText(a.urn, b.urn) ||
      compareText(a.code, b.code),
  );
}

/** `1 error in the deployed stack`: for verdict lines; empty when there is none. */
export function stateErrorsText(notices: readonly StateNotice[] | undefined): string {
  const errors = (notices ?? []).filter((n) => n.severity === "error").length;
  if (errors === 0) return "";
  return `${errors} ${errors === 1 ? "error" : "errors"} in the deployed stack`;
}

/** What in the deployed stack needs attention, as text lines (none when there is nothing). */
export function noticesText(
  notices: readonly StateNotice[] | undefined,
  labels: ReadonlyMap<string, string>,
  style: Style,
): string[] {
  if (!notices || notices.length === 0) return [];
  const lines = [style.bold("The deployed stack needs attention before the next update:")];
  for (const notice of orderedNotices(notices)) {
    const paint = notice.severity === "error" ? style.red : style.yellow;
    lines.push(`  ${paint(`${notice.severity} ${notice.code}`)}: ${notice.message}`);
    lines.push(`      (${labelOfUrn(notice.urn, labels)})`);
  }
  return lines;
}

/** What in the deployed stack needs attention, as markdown (none when there is nothing). */
export function noticesMarkdown(
  notices: readonly StateNotice[] | undefined,
  labels: ReadonlyMap<string, string>,
): string[] {
  if (!notices || notices.length === 0) return [];
  const rows = orderedNotices(notices).map((n) => [
    n.severity === "error" ? "**error**" : "warning",
    code(n.code),
    labelOfUrn(n.urn, labels),
    n.message,
  ]);
  return [
    "### The deployed stack needs attention",
    "",
    table(["Severity", "Code", "Resource", "What to do"], rows),
  ];
}
