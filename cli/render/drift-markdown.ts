/**
 * `drift --format markdown`: written to be posted as a GitHub issue body (the scheduled review opens or
 * updates an issue with it). The verdict and the read errors first; a table per class; the fixes, with
 * their commands and YAML, collapsed under each table. Everything from the tenant is escaped (no mention,
 * link or HTML gets through), and the body stays under GitHub's 65,536 characters: what does not fit is
 * named, and `--format json` has it all.
 */

import type { DriftView } from "../../review/drift/drift";
import { DRIFT_CLASSES, type DriftFinding } from "../../review/drift/model";
import { code, codeBlock, collapsibleTable, details, MAX_TABLE_ROWS, md, table } from "./markdown";
import { CLASS_HEADLINES, countsText, verdictText, viaText, who } from "./drift-words";

/** GitHub refuses an issue body over 65,536 characters; leave room for a footer. */
export const BODY_BUDGET = 60_000;

const inline = (text: string): string => (text ? code(text) : "");

function row(f: DriftFinding): string[] {
  const via = viaText(f);
  return [
    md(who(f)),
    md(f.roleName || f.roleId),
    inline(f.scope),
    md(via ? `${f.detail} (${via})` : f.detail),
  ];
}

function fixBlock(f: DriftFinding): string {
  const where = f.scope ? ` on ${inline(f.scope)}` : "";
  const parts = [`**${md(who(f))}**${where}: ${md(f.fix.text)}`];
  if (f.fix.commands.length > 0) parts.push(codeBlock(f.fix.commands.join("\n"), "sh"));
  if (f.fix.alternatives && f.fix.alternatives.length > 0) {
    parts.push("or:", codeBlock(f.fix.alternatives.join("\n"), "sh"));
  }
  if (f.fix.yaml) parts.push(codeBlock(f.fix.yaml, "yaml"));
  return parts.join("\n\n");
}

/** Said in place of the fixes when the section fits an issue body only without them. */
const FIXES_LEFT_OUT =
  "_How to fix each: left out to fit an issue body; `--format json` has every fix._";

function classSection(
  findings: readonly DriftFinding[],
  failing: boolean,
  withFixes = true,
): string {
  const c = (findings[0] as DriftFinding).class;
  const mark = c === "out-of-band-member" ? "🚨" : failing ? "❌" : "⚠️";
  const fixes = findings
    .slice(0, MAX_TABLE_ROWS)
    .filter((f) => f.fix.action !== "none")
    .map(fixBlock);
  if (!withFixes && fixes.length > 0) {
    return [
      `### ${mark} \`${c}\` (${findings.length}): ${CLASS_HEADLINES[c]}`,
      "",
      collapsibleTable(
        `${findings.length} findings`,
        ["Guest", "Role", "Scope", "What"],
        findings.map(row),
      ),
      "",
      FIXES_LEFT_OUT,
    ].join("\n");
  }
  return [
    `### ${mark} \`${c}\` (${findings.length}): ${CLASS_HEADLINES[c]}`,
    "",
    collapsibleTable(
      `${findings.length} findings`,
      ["Guest", "Role", "Scope", "What"],
      findings.map(row),
    ),
    ...(fixes.length > 0 ? ["", details("How to fix each", fixes.join("\n\n"))] : []),
  ].join("\n");
}

/** The markdown report. */
export function renderDriftMarkdown(view: DriftView): string {
  const { report } = view;
  const s = report.summary;
  const mark = s.verdict === "pass" ? "✅" : s.verdict === "fail" ? "❌" : "⚠️";
  const head = [
    `## ${mark} Drift review: ${verdictText(report)}`,
    "",
    `${inline(view.path)} against ${view.live ? "Azure (live)" : "exports"}, as of ${s.today}. Failing classes: ${s.failOn.map((c) => `\`${c}\``).join(", ") || "none"}.`,
    ...(s.part ? ["", `Part: ${inline(s.part)}.`] : []),
    "",
    table(
      ["Class", "Findings"],
      DRIFT_CLASSES.map((c) => [`\`${c}\``, String(s.counts[c])]),
    ),
  ];
  if (report.errors.length > 0) {
    head.push(
      "",
      "### ⚠️ Reads that failed",
      "",
      "Nothing under these was judged: the review is incomplete.",
      "",
      table(
        ["Source", "Target", "Status", "Message"],
        report.errors.map((e) => [
          e.source,
          inline(e.target),
          md([e.status, e.code].filter((x) => x !== undefined).join(" ")),
          md(e.message),
        ]),
      ),
    );
  }
  const sections: string[] = [];
  let used = head.join("\n").length;
  const left: string[] = [];
  for (const c of DRIFT_CLASSES) {
    if (c === "in-sync") continue;
    const findings = report.findings.filter((f) => f.class === c);
    if (findings.length === 0) continue;
    // A class with many findings fits without its fixes (a hundred YAML blocks) rather than not at all.
    let section = classSection(findings, s.failOn.includes(c));
    if (used + section.length > BODY_BUDGET)
      section = classSection(findings, s.failOn.includes(c), false);
    if (used + section.length > BODY_BUDGET) {
      left.push(`\`${c}\` (${findings.length})`);
      continue;
    }
    used += section.length;
    sections.push(section);
  }
  const tail = [
    ...(left.length > 0
      ? [
          `Left out to fit an issue body: ${left.join(", ")}; \`--format json\` lists every finding.`,
        ]
      : []),
    ...(s.notes.length > 0 ? ["**Notes**", "", ...s.notes.map((n) => `- ${md(n)}`)] : []),
    `<sub>${md(countsText(report))}</sub>`,
  ];
  return `${[...head, ...sections.flatMap((x) => ["", x]), "", ...tail.flatMap((x) => [x, ""])].join("\n").trimEnd()}\n`;
}
