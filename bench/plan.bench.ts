/**
 * `npm run bench`: wall time and peak memory of the offline plan, measured, never asserted.
 *
 * Each command runs as a fresh child process (as `npm start` and CI run it), three times; the median wall time
 * and the largest peak RSS are printed. Baselines measured in the same run on the same machine make the
 * numbers comparable across machines: `validate` of the same 500-guest file (parsing and checking without
 * Pulumi) and `plan` of a 5-guest file (Pulumi's fixed start-up cost).
 *
 * A run that exits non-zero is not timed: a failure is usually fast and would pass for a speed-up. It is
 * printed with its stderr, and the bench exits 1 at the end.
 */

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateDeclaration } from "./generate";

const ROOT = join(__dirname, "..");
const RUNS = 3;
const NOW = "2026-11-26";
const POLICY_CONFIG = "policy/config/dev.json";

interface Measurement {
  readonly label: string;
  readonly medianMs: number;
  readonly peakRssMiB: number;
}

/** A measured command that exited non-zero (or crashed): what it said, instead of a time. */
interface Failure {
  readonly label: string;
  readonly exitCode: number | null;
  readonly stderr: string;
}

function measure(label: string, args: readonly string[]): Measurement | Failure {
  const walls: number[] = [];
  let peak = 0;
  for (let run = 0; run < RUNS; run++) {
    const started = process.hrtime.bigint();
    const child = spawnSync(process.execPath, [join(__dirname, "measure.js"), ...args], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 600_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    walls.push(Number(process.hrtime.bigint() - started) / 1e6);
    const last = child.stderr.trim().split("\n").pop() ?? "";
    let report: { code: number; maxRssKiB: number } | undefined;
    try {
      report = JSON.parse(last) as { code: number; maxRssKiB: number };
    } catch {
      report = undefined;
    }
    if (!report || report.code !== 0 || child.status !== 0) {
      return { label, exitCode: report?.code ?? child.status, stderr: child.stderr };
    }
    peak = Math.max(peak, report.maxRssKiB / 1024);
  }
  walls.sort((a, b) => a - b);
  return {
    label,
    medianMs: walls[Math.floor(walls.length / 2)] as number,
    peakRssMiB: peak,
  };
}

function failed(result: Measurement | Failure): result is Failure {
  return "exitCode" in result;
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), "guest-access-bench-"));
  try {
    const big = join(dir, "access-500.yaml");
    const small = join(dir, "access-5.yaml");
    writeFileSync(big, generateDeclaration(500));
    writeFileSync(small, generateDeclaration(5));
    const results = [
      measure("npm start (plan access.yaml, dev stack and policy config)", [
        "plan",
        "access.yaml",
        "--stack",
        "dev",
        "--now",
        NOW,
        "--policy-config",
        POLICY_CONFIG,
      ]),
      measure("baseline: plan, 5 guests", [
        "plan",
        small,
        "--now",
        NOW,
        "--policy-config",
        POLICY_CONFIG,
      ]),
      measure("baseline: validate, 500 guests", ["validate", big, "--now", NOW]),
      measure("plan, 500 guests (2,000 resources + 500 components)", [
        "plan",
        big,
        "--now",
        NOW,
        "--policy-config",
        POLICY_CONFIG,
      ]),
    ];
    console.log(
      `guest-access bench: node ${process.version}, ${RUNS} runs each, median wall time, largest peak RSS\n`,
    );
    for (const r of results) {
      if (failed(r)) {
        console.log(`${r.label.padEnd(60)} FAILED: exit ${String(r.exitCode)}, not timed`);
        continue;
      }
      console.log(
        `${r.label.padEnd(60)} ${(r.medianMs / 1000).toFixed(2).padStart(7)} s ${r.peakRssMiB.toFixed(0).padStart(6)} MiB`,
      );
    }
    const failures = results.filter(failed);
    if (failures.length > 0) {
      for (const f of failures)
        console.error(`\nFAILED: ${f.label} exited ${String(f.exitCode)}:\n${f.stderr.trim()}`);
      console.error(`\n${failures.length} measured command(s) failed; their times are not shown.`);
      process.exitCode = 1;
      return;
    }
    const [start, plan5, validate500, plan500] = results as [
      Measurement,
      Measurement,
      Measurement,
      Measurement,
    ];
    console.log("");
    console.log(
      `plan 500 / plan 5:          ${(plan500.medianMs / plan5.medianMs).toFixed(1)}x time, ${(plan500.peakRssMiB / plan5.peakRssMiB).toFixed(1)}x memory`,
    );
    console.log(
      `plan 500 / validate 500:    ${(plan500.medianMs / validate500.medianMs).toFixed(1)}x time, ${(plan500.peakRssMiB / validate500.peakRssMiB).toFixed(1)}x memory`,
    );
    console.log(
      `npm start / plan 5:         ${(start.medianMs / plan5.medianMs).toFixed(1)}x time`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
