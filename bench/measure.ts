/**
 * Measuring one process: spawn it (stdout discarded, as a script that pipes it away would), time it from
 * spawn to exit, and read what it reports about itself (`report.ts`, preloaded): CPU time, peak RSS, and the
 * time of the part it measured itself.
 */

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { REPORT_MARK, type ProcessReport } from "./report";

/** One run of one process. */
export interface Run {
  /** From spawn to exit, milliseconds. */
  readonly wallMs: number;
  readonly report: ProcessReport;
}

/** A run that exited non-zero or reported nothing: what it said, instead of a time. */
export interface FailedRun {
  readonly exitCode: number | null;
  readonly stderr: string;
}

/** Runs `node -r report.js ...args` in `cwd` once. */
export function runOnce(args: readonly string[], cwd: string): Run | FailedRun {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ["-r", join(__dirname, "report.js"), ...args], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "ignore", "pipe"],
    timeout: 1_800_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const line = child.stderr
    .split("\n")
    .reverse()
    .find((l) => l.startsWith(REPORT_MARK));
  const report = line ? (JSON.parse(line.slice(REPORT_MARK.length)) as ProcessReport) : undefined;
  if (!report || report.code !== 0 || child.status !== 0) {
    return { exitCode: report?.code ?? child.status, stderr: child.stderr };
  }
  return { wallMs, report };
}

/** Whether a run failed. */
export function isFailed(run: Run | FailedRun): run is FailedRun {
  return "exitCode" in run;
}

/** The middle value (the lower middle of an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
}
