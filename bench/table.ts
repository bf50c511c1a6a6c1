/**
 * The bench's one table: a row per case (median wall time, median CPU time, largest peak RSS) with the goals
 * judged on it, each as value, bound and verdict.
 */

import type { BenchCase, BenchGoal } from "./cases";

/** A case's runs, summarised. */
export interface Measurement {
  readonly id: string;
  /** Median wall time, milliseconds (for a timed case, of the part it measured itself). */
  readonly wallMs: number;
  /** Median CPU time (user and system) of the whole process, milliseconds. */
  readonly cpuMs: number;
  /** Largest peak RSS over the runs, megabytes (10^6 bytes). */
  readonly peakRssMB: number;
  readonly runs: number;
}

/** A case that failed: it is shown, not timed. */
export interface FailedCase {
  readonly id: string;
  readonly exitCode: number | null;
}

/** A goal, judged. */
export interface Verdict {
  readonly goal: BenchGoal;
  readonly value: number | undefined;
  readonly met: boolean;
}

/** Judges every goal. A goal whose value is missing (a case failed or did not run) is not met. */
export function judge(
  goals: readonly BenchGoal[],
  measured: ReadonlyMap<string, Measurement>,
): Verdict[] {
  return goals.map((goal) => {
    const value = goal.value(measured);
    return {
      goal,
      value,
      met: value !== undefined && Number.isFinite(value) && value <= goal.atMost,
    };
  });
}

function amount(value: number, unit: BenchGoal["unit"]): string {
  if (unit === "x") return `${value.toFixed(2)}x`;
  if (unit === "s") return `${value.toFixed(1)} s`;
  return `${value.toFixed(0)} MB`;
}

/** One goal as its cell says it: `time / baseline 1.08x ≤ 1.2x ✓`. */
function verdictText(verdict: Verdict): string {
  const { goal, value } = verdict;
  const measured =
    value === undefined || !Number.isFinite(value) ? "n/a" : amount(value, goal.unit);
  return `${goal.label} ${measured} ≤ ${amount(goal.atMost, goal.unit)} ${verdict.met ? "✓" : "✗"}`;
}

/** The table, as Markdown (readable as text too). */
export function renderTable(
  cases: readonly BenchCase[],
  measured: ReadonlyMap<string, Measurement>,
  failed: readonly FailedCase[],
  verdicts: readonly Verdict[],
): string {
  const rows = cases.map((c) => {
    const m = measured.get(c.id);
    const f = failed.find((x) => x.id === c.id);
    const goals = verdicts.filter((v) => v.goal.on === c.id).map(verdictText);
    const cells = m
      ? [
          `${(m.wallMs / 1000).toFixed(2)}${c.timed ? "*" : ""}`,
          (m.cpuMs / 1000).toFixed(2),
          m.peakRssMB.toFixed(0),
          String(m.runs),
        ]
      : [f ? `FAILED (exit ${String(f.exitCode)})` : "not run", "", "", ""];
    return [c.label, ...cells, goals.join("; ")];
  });
  const header = ["case", "wall s", "CPU s", "peak RSS MB", "runs", "goal"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i] as number)).join(" | ")} |`;
  return [
    line(header),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...rows.map(line),
  ].join("\n");
}
