/**
 * Preloaded into every process the bench measures (`node -r dist/bench/report.js …`): when the process
 * exits, it writes one line on stderr, `REPORT_MARK` then JSON: the exit code, the CPU time, the peak RSS,
 * and the time a child measured itself (`reportTimed`), if any. It loads nothing, so a bare `node -e 0`
 * under it is still bare.
 */

/** What starts the report line. */
export const REPORT_MARK = "guest-access-bench:";

/** What a measured process reports. */
export interface ProcessReport {
  readonly code: number;
  /** User and system CPU time, milliseconds. */
  readonly cpuMs: number;
  /** Peak resident set size, KiB. */
  readonly maxRssKiB: number;
  /** The time of the part the process measured itself, milliseconds (see `reportTimed`). */
  readonly timedMs?: number;
}

let timedMs: number | undefined;

/** Records the time of the part of the run that matters (the program's declaration, say). */
export function reportTimed(ms: number): void {
  timedMs = ms;
}

process.on("exit", (code) => {
  const cpu = process.cpuUsage();
  const report: ProcessReport = {
    code,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssKiB: process.resourceUsage().maxRSS,
    ...(timedMs !== undefined ? { timedMs } : {}),
  };
  process.stderr.write(`\n${REPORT_MARK}${JSON.stringify(report)}\n`);
});
