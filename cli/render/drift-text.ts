/**
 * `drift --format text`: for a terminal. The verdict, read errors first (nothing under them was judged),
 * then each class with its findings and their fixes; in-sync grants are only counted.
 */

import type { DriftView } from "../../review/drift/drift";
import { DRIFT_CLASSES, type DriftFinding } from "../../review/drift/model";
import type { Style } from "./style";
import { escapeOutput, escapeText } from "../../access/escape";
import { CLASS_HEADLINES, countsText, subject, verdictText, viaText } from "./drift-words";

function findingLines(f: DriftFinding, style: Style): string[] {
  const out = [`  ${escapeText(subject(f))}`, `    ${escapeText(f.detail)}`];
  const via = viaText(f);
  if (via) out.push(`    ${escapeText(via)}`);
  if (f.assignmentId) out.push(style.dim(`    assignment: ${escapeText(f.assignmentId)}`));
  if (f.fix.action === "none") return out;
  out.push(`    fix: ${escapeText(f.fix.text)}`);
  for (const command of f.fix.commands) out.push(`      $ ${escapeText(command)}`);
  if (f.fix.alternatives && f.fix.alternatives.length > 0) {
    out.push("      or:");
    for (const command of f.fix.alternatives) out.push(`      $ ${escapeText(command)}`);
  }
  if (f.fix.yaml) {
    out.push(
      ...escapeOutput(f.fix.yaml)
        .split("\n")
        .map((line) => `      ${line}`),
    );
  }
  return out;
}

/** The text report. */
export function renderDriftText(view: DriftView, style: Style): string {
  const { report } = view;
  const s = report.summary;
  const mark =
    s.verdict === "pass"
      ? style.green("✓")
      : s.verdict === "fail"
        ? style.red("✗")
        : style.red("!");
  const out = [
    style.bold(
      `Drift review of ${escapeText(view.path)} against ${view.live ? "Azure (live)" : "the exports given"}, as of ${s.today}`,
    ),
    ...(s.part ? [escapeText(`part: ${s.part}`)] : []),
    `${mark} ${verdictText(report)}`,
  ];
  if (report.errors.length > 0) {
    out.push("", style.red("Reads that failed (nothing under them was judged):"));
    for (const e of report.errors) {
      const status = [e.status, e.code].filter((x) => x !== undefined).join(" ");
      out.push(`  ${e.source} ${escapeText(e.target)}${status ? `: ${escapeText(status)}` : ""}`);
      out.push(`    ${escapeText(e.message)}`);
    }
  }
  for (const c of DRIFT_CLASSES) {
    if (c === "in-sync") continue;
    const findings = report.findings.filter((f) => f.class === c);
    if (findings.length === 0) continue;
    const failing = s.failOn.includes(c);
    // Access through the back door leads the report, marked so that no reader skims past it.
    const mark = c === "out-of-band-member" ? "!! " : "";
    const heading = `${mark}${c} (${findings.length}): ${CLASS_HEADLINES[c]}`;
    out.push("", failing ? style.red(heading) : style.yellow(heading));
    for (const f of findings) out.push(...findingLines(f, style));
  }
  out.push("", style.green(`in-sync: ${s.counts["in-sync"]} grants ${CLASS_HEADLINES["in-sync"]}`));
  if (s.notes.length > 0) {
    out.push("", "Notes:");
    for (const note of s.notes) out.push(`  - ${escapeText(note)}`);
  }
  out.push("", style.dim(countsText(report)));
  return `${out.join("\n")}\n`;
}
