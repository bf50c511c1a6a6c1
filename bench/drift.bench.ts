/**
 * `npm run bench` (second part): the drift review at scale, measured, never asserted. A tenant of 200,000
 * role assignments and 20,000 users against a declaration of 30,000 grants (10,000 guests):
 *
 * - the review's core (parse the exports, normalise, compare) as a ratio to `JSON.parse` of the same
 *   exports, both from the files' text already in memory, in the same process and run (goal: at most 2x);
 * - the whole `drift` command (ts-node start, the YAML declaration, the exports, the JSON report) as a user
 *   runs it, with its peak RSS.
 */

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  driftAssignments,
  driftDeclaration,
  driftUsers,
  type DriftBenchSize,
} from "./drift-generate";

const ROOT = join(__dirname, "..");
const SIZE: DriftBenchSize = { guests: 10_000, users: 20_000, assignments: 200_000 };
const GOAL = 2;

function run(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, args, {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 600_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), "guest-access-drift-bench-"));
  try {
    writeFileSync(join(dir, "access.yaml"), driftDeclaration(SIZE));
    writeFileSync(join(dir, "assignments.json"), JSON.stringify(driftAssignments(SIZE), null, 2));
    writeFileSync(join(dir, "users.json"), JSON.stringify(driftUsers(SIZE), null, 2));
    const mib = (file: string): string => (statSync(join(dir, file)).size / 1024 / 1024).toFixed(0);

    const core = run([
      "--expose-gc",
      "-r",
      "ts-node/register/transpile-only",
      "bench/drift-core.ts",
      dir,
    ]);
    if (core.status !== 0) {
      console.error(`FAILED: the drift core exited ${String(core.status)}:\n${core.stderr}`);
      process.exitCode = 1;
      return;
    }
    const m = JSON.parse(core.stdout.trim().split("\n").pop() as string) as {
      loadMs: number;
      parseMs: number;
      driftMs: number;
      ratio: number;
      counts: Record<string, number>;
      maxRssKiB: number;
    };

    const started = process.hrtime.bigint();
    const cli = run([
      join(__dirname, "measure.js"),
      "drift",
      join(dir, "access.yaml"),
      "--stack",
      "dev",
      "--now",
      "2026-11-26",
      "--format",
      "json",
      "--assignments",
      join(dir, "assignments.json"),
      "--users",
      join(dir, "users.json"),
    ]);
    const cliMs = Number(process.hrtime.bigint() - started) / 1e6;
    const last = cli.stderr.trim().split("\n").pop() ?? "";
    let report: { code: number; maxRssKiB: number } | undefined;
    try {
      report = JSON.parse(last) as { code: number; maxRssKiB: number };
    } catch {
      report = undefined;
    }
    // Drift is expected here (exit 1); anything else is a failure of the bench.
    if (!report || report.code !== 1) {
      console.error(`FAILED: drift exited ${String(report?.code ?? cli.status)}:\n${cli.stderr}`);
      process.exitCode = 1;
      return;
    }

    const ratio = m.ratio;
    console.log(
      `\nguest-access drift bench: node ${process.version}; ${SIZE.assignments.toLocaleString("en")} assignments (${mib("assignments.json")} MiB), ` +
        `${SIZE.users.toLocaleString("en")} users (${mib("users.json")} MiB), ${(SIZE.guests * 3).toLocaleString("en")} declared grants\n`,
    );
    console.log(
      `baseline: JSON.parse of the exports         ${(m.parseMs / 1000).toFixed(2).padStart(7)} s (median of 5)`,
    );
    console.log(
      `drift core: parse, normalise, compare       ${(m.driftMs / 1000).toFixed(2).padStart(7)} s (median of 5)`,
    );
    console.log(
      `drift core / JSON.parse (median of rounds): ${ratio.toFixed(2).padStart(7)}x (goal at most ${GOAL}x: ${ratio <= GOAL ? "met" : "NOT met"})`,
    );
    console.log(
      `declaration load (10,000 guests, YAML):     ${(m.loadMs / 1000).toFixed(2).padStart(7)} s`,
    );
    console.log(
      `peak RSS of the measuring process:          ${(m.maxRssKiB / 1024).toFixed(0).padStart(7)} MiB`,
    );
    console.log(
      `drift command, end to end (json):           ${(cliMs / 1000).toFixed(2).padStart(7)} s ${(report.maxRssKiB / 1024).toFixed(0).padStart(6)} MiB peak RSS`,
    );
    console.log(
      `findings: ${Object.entries(m.counts)
        .filter(([, n]) => n > 0)
        .map(([c, n]) => `${c} ${n.toLocaleString("en")}`)
        .join(", ")}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
