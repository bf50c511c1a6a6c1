/**
 * `npm run bench [-- --quick] [-- --only ID,ID]`: wall time, CPU time and peak memory of the command line and
 * of the Pulumi program, with every goal of the scale issue judged on ratios measured in the same run.
 * Measured, never asserted in the tests.
 *
 * Each case is a fresh child process (`measure.ts`), run the case's number of times; runs are interleaved
 * round by round, so a change of load on the machine touches every case alike. The median wall and CPU times
 * and the largest peak RSS are shown. A run that exits non-zero is not timed: a failure is usually fast and
 * would pass for a speed-up. It is printed with its stderr, and the bench exits 1.
 *
 * Wall time is what the goals judge; CPU time is shown beside it because on a busy machine it moves less.
 */

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { benchCases, benchGoals, FULL, QUICK, type BenchContext } from "./cases";
import { writeDriftInputs, type DriftInputs } from "./drift-generate";
import { benchPolicyConfig, generateDeclaration } from "./generate";
import { isFailed, median, runOnce, type Run } from "./measure";
import { judge, renderTable, type FailedCase, type Measurement } from "./table";

const ROOT = join(__dirname, "..", "..");
const NOW = "2026-11-26";

function main(argv: readonly string[]): number {
  const quick = argv.includes("--quick");
  const onlyAt = argv.indexOf("--only");
  const only = onlyAt >= 0 ? new Set((argv[onlyAt + 1] ?? "").split(",")) : undefined;
  const scale = quick ? QUICK : FULL;
  const dir = mkdtempSync(join(tmpdir(), "guest-access-bench-"));
  try {
    const files = new Map<string, string>();
    const largest = Math.max(...scale.validate, ...scale.plan, scale.diff, scale.program);
    const policyConfig = join(dir, "policy.json");
    writeFileSync(
      policyConfig,
      benchPolicyConfig(largest, readFileSync(join(ROOT, "policy", "config", "dev.json"), "utf8")),
    );
    const tenants = new Map<string, DriftInputs>();
    const context: BenchContext = {
      root: ROOT,
      now: NOW,
      policyConfig,
      declaration: (guests, options = {}) => {
        const name = `access-${guests}${options.changed ? "-changed" : ""}${options.groups ? `-groups-${options.groups}` : ""}.yaml`;
        const file = join(dir, name);
        if (!files.has(name)) {
          writeFileSync(file, generateDeclaration(guests, options));
          files.set(name, file);
        }
        return file;
      },
      driftInputs: (size) => {
        const name = `tenant-${size.guests}-${size.users}-${size.assignments}${size.groups ? `-groups-${size.groups}` : ""}`;
        let inputs = tenants.get(name);
        if (!inputs) {
          process.stderr.write(`bench: writing ${name}\n`);
          const tenantDir = join(dir, name);
          mkdirSync(tenantDir);
          inputs = writeDriftInputs(tenantDir, size);
          tenants.set(name, inputs);
        }
        return inputs;
      },
    };
    const all = benchCases(scale);
    const unknown = [...(only ?? [])].filter((id) => !all.some((c) => c.id === id));
    if (unknown.length > 0) {
      process.stderr.write(
        `bench: no case ${unknown.join(", ")}; the cases are ${all.map((c) => c.id).join(", ")}\n`,
      );
      return 2;
    }
    // A case selected with --only brings the baseline its goals compare with.
    const wanted =
      only &&
      new Set([...only, ...all.flatMap((c) => (only.has(c.id) && c.baseline ? [c.baseline] : []))]);
    const cases = all.filter((c) => !wanted || wanted.has(c.id));
    const load = loadavg()[0] ?? 0;
    const runs = new Map<string, Run[]>(cases.map((c) => [c.id, []]));
    const failed: FailedCase[] = [];
    const rounds = Math.max(...cases.map((c) => c.runs ?? scale.runs));
    for (let round = 0; round < rounds; round++) {
      for (const c of cases) {
        if (round >= (c.runs ?? scale.runs) || failed.some((f) => f.id === c.id)) continue;
        process.stderr.write(`bench: ${c.label} (run ${round + 1})\n`);
        const run = runOnce(c.args(context), ROOT);
        if (isFailed(run)) {
          failed.push({ id: c.id, exitCode: run.exitCode });
          process.stderr.write(
            `FAILED: ${c.label} exited ${String(run.exitCode)}:\n${run.stderr}\n`,
          );
        } else {
          runs.get(c.id)?.push(run);
        }
      }
    }
    const measured = new Map<string, Measurement>();
    for (const c of cases) {
      const done = runs.get(c.id) ?? [];
      if (done.length === 0 || failed.some((f) => f.id === c.id)) continue;
      measured.set(c.id, {
        id: c.id,
        wallMs: median(done.map((r) => (c.timed ? (r.report.timedMs ?? NaN) : r.wallMs))),
        cpuMs: median(done.map((r) => r.report.cpuMs)),
        peakRssMB: Math.max(...done.map((r) => (r.report.maxRssKiB * 1024) / 1e6)),
        runs: done.length,
      });
    }
    const verdicts = judge(
      benchGoals(scale).filter((g) => cases.some((c) => c.id === g.on)),
      measured,
    );
    console.log(
      `guest-access bench${quick ? " --quick" : ""}: node ${process.version}, ${cpus().length} CPUs, ` +
        `load average ${load.toFixed(1)} at the start and ${(loadavg()[0] ?? 0).toFixed(1)} at the end\n`,
    );
    console.log(renderTable(cases, measured, failed, verdicts));
    console.log(
      "\n* the part the process timed itself: the program's declaration, or the drift review's work on the exports' text in memory; not loading modules and files.",
    );
    const missed = verdicts.filter((v) => !v.met).length;
    console.log(
      `\n${verdicts.length - missed} of ${verdicts.length} goals met${quick ? " (quick: smaller sizes than the goals are set for)" : ""}.`,
    );
    return failed.length > 0 ? 1 : 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = main(process.argv.slice(2));
