/**
 * The guardrails' findings and Azure's role assignment limits, printed for people (text) and for pull
 * requests (markdown). Shared by `plan` and `diff`, so both show a verdict the same way.
 */

import type { PolicyFinding } from "../../review/findings";
import type { ContainerCount } from "../../review/plan-report";
import { isBlocking } from "../../review/plan-report";
import { labelOfUrn } from "./guest-view";
import { code, collapsibleTable, md, table } from "./markdown";
import { escapeText } from "../../access/escape";
import type { Style } from "./style";

const LEVELS = ["mandatory", "advisory"] as const;

function levelOf(finding: PolicyFinding): (typeof LEVELS)[number] {
  // A mandatory policy that could not run on a preview unknown is reported as advisory by the engine.
  return isBlocking(finding) ? "mandatory" : "advisory";
}

/** `1 mandatory, 3 advisory`. */
export function findingCounts(findings: readonly PolicyFinding[]): string {
  const mandatory = findings.filter(isBlocking).length;
  return `${mandatory} mandatory, ${findings.length - mandatory} advisory`;
}

/** Findings grouped by enforcement level, as indented text lines. */
export function findingsText(
  findings: readonly PolicyFinding[],
  labels: ReadonlyMap<string, string>,
  style: Style,
): string[] {
  const lines = [style.bold(`Guardrails: ${findingCounts(findings)}`)];
  for (const level of LEVELS) {
    const group = findings.filter((f) => levelOf(f) === level);
    if (group.length === 0) continue;
    const paint = level === "mandatory" ? style.red : style.yellow;
    lines.push(`  ${paint(level)} (${group.length})`);
    for (const f of group) {
      lines.push(
        `    ${paint(f.policy)}${f.severity ? ` [${f.severity}]` : ""} ${escapeText(labelOfUrn(f.urn, labels))}`,
      );
      lines.push(`      ${escapeText(f.detail || f.message)}`);
    }
  }
  return lines;
}

/**
 * Findings as markdown: every mandatory violation in the open and in full (they are why the check fails,
 * and a reviewer must see each one); advisory findings collapsed when long and cut after `MAX_TABLE_ROWS`.
 */
export function findingsMarkdown(
  findings: readonly PolicyFinding[],
  labels: ReadonlyMap<string, string>,
): string[] {
  const out = [`### Guardrails: ${findingCounts(findings)}`];
  if (findings.length === 0) return [...out, "", "No findings."];
  for (const level of LEVELS) {
    const group = findings.filter((f) => levelOf(f) === level);
    if (group.length === 0) continue;
    const rows = group.map((f) => [
      code(f.policy),
      f.severity ?? "",
      md(labelOfUrn(f.urn, labels)),
      md(f.detail || f.message),
    ]);
    const title = `${level === "mandatory" ? "Mandatory" : "Advisory"} (${group.length})`;
    const headers = ["Policy", "Severity", "Resource", "Finding"];
    out.push(
      "",
      `#### ${title}`,
      "",
      level === "mandatory" ? table(headers, rows) : collapsibleTable(title, headers, rows),
    );
  }
  return out;
}

function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Role assignments per subscription or management group against Azure's fixed limits, as text lines. */
export function limitsText(counts: readonly ContainerCount[], style: Style): string[] {
  const lines = [style.bold("Role assignments against Azure's limits")];
  if (counts.length === 0) return [...lines, "  none declared"];
  for (const c of counts) {
    const paint = c.total > c.limit ? style.red : style.green;
    lines.push(
      `  ${escapeText(c.container)}: ${c.declared} declared + ${c.existing} existing = ${paint(thousands(c.total))} of ${thousands(c.limit)}`,
    );
  }
  return lines;
}

/** The same as a markdown table. */
export function limitsMarkdown(counts: readonly ContainerCount[]): string[] {
  const out = ["### Role assignments against Azure's limits", ""];
  if (counts.length === 0) return [...out, "None declared."];
  const rows = counts.map((c) => [
    code(c.container),
    String(c.declared),
    String(c.existing),
    `${thousands(c.total)}${c.total > c.limit ? " ❌" : ""}`,
    thousands(c.limit),
  ]);
  return [
    ...out,
    table(["Subscription or management group", "Declared", "Existing", "Total", "Limit"], rows),
  ];
}
