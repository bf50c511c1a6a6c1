/**
 * What `npm run bench` measures, and the goals it judges. To add a benchmark, add a case (a process to run)
 * and, if it has one, a goal (a number computed from the measurements, and the bound it must stay within).
 */

import type { DriftBenchSize, DriftInputs } from "./drift-generate";
import type { Measurement } from "./table";

/** Where the cases run, and the inputs the runner prepared. */
export interface BenchContext {
  /** The repository root (the project directory the CLI runs in). */
  readonly root: string;
  /** A generated declaration of `guests` guests (`changed`: about 1% of grants changed). */
  readonly declaration: (
    guests: number,
    options?: { readonly changed?: boolean; readonly groups?: number },
  ) => string;
  /** A policy config whose scope boundary admits the generated declarations' subscriptions. */
  readonly policyConfig: string;
  /** The date every expiry is judged against. */
  readonly now: string;
  /** A generated tenant (declaration and exports) for the drift review. */
  readonly driftInputs: (size: DriftBenchSize) => DriftInputs;
}

/** One process to measure. Its arguments follow `node` (and the preloaded reporter). */
export interface BenchCase {
  /** A short stable name, used by goals. */
  readonly id: string;
  /** What the row says. */
  readonly label: string;
  readonly args: (context: BenchContext) => readonly string[];
  /** Runs (default: the runner's); the median is shown. */
  readonly runs?: number;
  /** Time the part the process measures itself (`reportTimed`) instead of the whole process. */
  readonly timed?: boolean;
  /** The case this one's goals compare with: `--only` runs it too. */
  readonly baseline?: string;
}

/** A number the bench judges, and its bound. */
export interface BenchGoal {
  /** The row the goal is shown on. */
  readonly on: string;
  /** What is judged, e.g. `time / yaml.parse`. */
  readonly label: string;
  /** The value from the measurements; undefined when a case it needs did not run. */
  readonly value: (measured: ReadonlyMap<string, Measurement>) => number | undefined;
  /** The value must be at most this. */
  readonly atMost: number;
  /** How the value reads: a ratio, seconds or megabytes. */
  readonly unit: "x" | "s" | "MB";
}

/** The sizes one run uses: the for a full run, smaller for `--quick`. */
export interface BenchScale {
  readonly validate: readonly [number, number];
  readonly plan: readonly number[];
  readonly diff: number;
  readonly program: number;
  readonly runs: number;
  readonly programRuns: number;
  /** The plan with groups: this many guests, each a member of one of `groups` groups. */
  readonly groups: { readonly guests: number; readonly groups: number };
  /** The tenant the drift review is measured on. */
  readonly drift: DriftBenchSize;
  /** The same with declared groups: every other guest a member of one of them. */
  readonly driftGroups: DriftBenchSize;
}

/** The full bench: the sizes the goals are set for. */
export const FULL: BenchScale = {
  validate: [1000, 10000],
  plan: [500, 2000, 5000],
  diff: 5000,
  program: 5000,
  runs: 3,
  programRuns: 2,
  groups: { guests: 20000, groups: 50 },
  drift: { guests: 10_000, users: 20_000, assignments: 200_000 },
  driftGroups: { guests: 20_000, users: 30_000, assignments: 200_000, groups: 50 },
};

/** A quick look (minutes, not tens of minutes): the same cases at smaller sizes, one run each. */
export const QUICK: BenchScale = {
  validate: [1000, 10000],
  plan: [500, 2000],
  diff: 2000,
  program: 1000,
  runs: 1,
  programRuns: 1,
  groups: { guests: 5000, groups: 50 },
  drift: { guests: 2_000, users: 4_000, assignments: 40_000 },
  driftGroups: { guests: 4_000, users: 6_000, assignments: 40_000, groups: 50 },
};

const CLI = "bin/guest-access.js";

function wall(measured: ReadonlyMap<string, Measurement>, id: string): number | undefined {
  return measured.get(id)?.wallMs;
}

function ratio(
  measured: ReadonlyMap<string, Measurement>,
  numerator: string,
  denominator: string,
  pick: (m: Measurement) => number = (m) => m.wallMs,
): number | undefined {
  const a = measured.get(numerator);
  const b = measured.get(denominator);
  return a && b ? pick(a) / pick(b) : undefined;
}

/**
 * The drift review on exports: its core (parse, normalise, compare) beside `JSON.parse` of the same texts,
 * both timed by the process from the texts in memory (`drift-core.ts`), and the whole command as a user runs
 * it (`--fail-on none` so that the drift it finds exits 0, which the runner requires; the work is the same).
 */
function driftCases(size: DriftBenchSize): BenchCase[] {
  const n = (value: number): string => value.toLocaleString("en-US");
  const core = (mode: "core" | "parse"): readonly string[] => [
    "--expose-gc",
    "dist/bench/drift-core.js",
    mode,
  ];
  return [
    {
      id: "drift-parse",
      label: `JSON.parse of exports: ${n(size.assignments)} assignments, ${n(size.users)} users`,
      args: (c) => [...core("parse"), c.driftInputs(size).dir],
      timed: true,
    },
    {
      id: "drift-core",
      label: `drift core on them, against ${n(size.guests * 3)} declared grants`,
      args: (c) => [...core("core"), c.driftInputs(size).dir],
      timed: true,
      baseline: "drift-parse",
    },
    {
      id: "drift-command",
      label: "guest-access drift --format json --fail-on none, the same",
      args: (c) => {
        const inputs = c.driftInputs(size);
        return [
          CLI,
          "drift",
          inputs.declaration,
          "--stack",
          "dev",
          "--now",
          c.now,
          "--format",
          "json",
          "--fail-on",
          "none",
          "--assignments",
          inputs.assignments,
          "--users",
          inputs.users,
        ];
      },
    },
  ];
}

/**
 * The drift core with declared groups (`size.groups`, every other guest a member of one), beside
 * `JSON.parse` of the same exports (assignments, users, groups and every group's members): the review of
 * groups and memberships must keep the core linear, as without them.
 */
function driftGroupCases(size: DriftBenchSize): BenchCase[] {
  const n = (value: number): string => value.toLocaleString("en-US");
  const core = (mode: "core" | "parse"): readonly string[] => [
    "--expose-gc",
    "dist/bench/drift-core.js",
    mode,
  ];
  return [
    {
      id: "drift-groups-parse",
      label: `JSON.parse of exports: ${n(size.assignments)} assignments, ${n(size.users)} users, ${n(size.groups ?? 0)} groups' members`,
      args: (c) => [...core("parse"), c.driftInputs(size).dir],
      timed: true,
    },
    {
      id: "drift-groups-core",
      label: `drift core on them: ${n(size.guests)} guests, half in ${n(size.groups ?? 0)} groups`,
      args: (c) => [...core("core"), c.driftInputs(size).dir],
      timed: true,
      baseline: "drift-groups-parse",
    },
  ];
}

/** Every case, for a scale. */
export function benchCases(scale: BenchScale): BenchCase[] {
  const [small, large] = scale.validate;
  const plan = (guests: number): BenchCase => ({
    id: `plan-${guests}`,
    label: `plan, ${guests.toLocaleString("en-US")} guests`,
    args: (c) => [
      CLI,
      "plan",
      c.declaration(guests),
      "--now",
      c.now,
      "--policy-config",
      c.policyConfig,
    ],
  });
  return [
    { id: "node", label: "node -e 0", args: () => ["-e", "0"] },
    {
      id: "yaml-example",
      label: "node + yaml.parse(access.yaml)",
      args: () => ["dist/bench/yaml-parse.js", "access.yaml"],
    },
    { id: "help", label: "guest-access --help", args: () => [CLI, "--help"] },
    {
      id: "validate-example",
      label: "guest-access validate access.yaml",
      args: (c) => [CLI, "validate", "access.yaml", "--now", c.now],
    },
    ...[small, large].flatMap((guests): BenchCase[] => [
      {
        id: `yaml-${guests}`,
        label: `node + yaml.parse, ${guests.toLocaleString("en-US")} guests`,
        args: (c) => ["dist/bench/yaml-parse.js", c.declaration(guests)],
      },
      {
        id: `validate-${guests}`,
        label: `validate, ${guests.toLocaleString("en-US")} guests`,
        args: (c) => [CLI, "validate", c.declaration(guests), "--now", c.now],
      },
    ]),
    {
      id: "start",
      label: "npm start (plan access.yaml, dev stack)",
      args: (c) => [
        CLI,
        "plan",
        "access.yaml",
        "--stack",
        "dev",
        "--now",
        c.now,
        "--policy-config",
        "policy/config/dev.json",
      ],
    },
    ...scale.plan.map(plan),
    {
      id: `plan-groups-${scale.groups.guests}`,
      label: `plan, with groups: ${scale.groups.guests.toLocaleString("en-US")} guests in ${scale.groups.groups} groups`,
      args: (c) => [
        CLI,
        "plan",
        c.declaration(scale.groups.guests, { groups: scale.groups.groups }),
        "--now",
        c.now,
        "--policy-config",
        c.policyConfig,
      ],
    },
    {
      id: `diff-${scale.diff}`,
      label: `diff, two ${scale.diff.toLocaleString("en-US")}-guest files, 1% of grants changed`,
      args: (c) => [
        CLI,
        "diff",
        c.declaration(scale.diff),
        c.declaration(scale.diff, { changed: true }),
        "--now",
        c.now,
        "--policy-config",
        c.policyConfig,
      ],
    },
    ...(["program", "baseline"] as const).map((mode): BenchCase => ({
      id: `${mode}-${scale.program}`,
      label:
        mode === "program"
          ? `program under mocks, ${scale.program.toLocaleString("en-US")} guests`
          : `baseline: raw SDK in awaited waves of 50, ${scale.program.toLocaleString("en-US")} guests`,
      args: (c) => ["dist/bench/program.js", mode, c.declaration(scale.program)],
      runs: scale.programRuns,
      timed: true,
      ...(mode === "program" ? { baseline: `baseline-${scale.program}` } : {}),
    })),
    {
      id: `program-${scale.program}-stack`,
      label: `program under a root stack (as in pulumi up), ${scale.program.toLocaleString("en-US")} guests`,
      args: (c) => [
        "dist/bench/program.js",
        "program",
        c.declaration(scale.program),
        "--stack-root",
      ],
      runs: 1,
      timed: true,
    },
    ...driftCases(scale.drift),
    ...driftGroupCases(scale.driftGroups),
  ];
}

/** Every goal, for a scale. */
export function benchGoals(scale: BenchScale): BenchGoal[] {
  const [small, large] = scale.validate;
  const largestPlan = scale.plan[scale.plan.length - 1] as number;
  return [
    {
      on: "help",
      label: "time / node + yaml.parse(access.yaml)",
      value: (m) => ratio(m, "help", "yaml-example"),
      atMost: 3,
      unit: "x",
    },
    {
      on: "validate-example",
      label: "time / node + yaml.parse(access.yaml)",
      value: (m) => ratio(m, "validate-example", "yaml-example"),
      atMost: 3,
      unit: "x",
    },
    ...[small, large].map((guests): BenchGoal => ({
      on: `validate-${guests}`,
      label: "time / yaml.parse",
      value: (m) => ratio(m, `validate-${guests}`, `yaml-${guests}`),
      atMost: 3,
      unit: "x",
    })),
    {
      on: `validate-${large}`,
      label: `time / validate ${small.toLocaleString("en-US")}`,
      value: (m) => ratio(m, `validate-${large}`, `validate-${small}`),
      atMost: 12,
      unit: "x",
    },
    {
      on: `plan-${largestPlan}`,
      label: "time",
      value: (m) => (wall(m, `plan-${largestPlan}`) ?? NaN) / 1000,
      atMost: 10,
      unit: "s",
    },
    {
      on: `plan-${largestPlan}`,
      label: "peak RSS",
      value: (m) => m.get(`plan-${largestPlan}`)?.peakRssMB,
      atMost: 400,
      unit: "MB",
    },
    {
      on: `diff-${scale.diff}`,
      label: "time",
      value: (m) => (wall(m, `diff-${scale.diff}`) ?? NaN) / 1000,
      atMost: 10,
      unit: "s",
    },
    {
      on: `program-${scale.program}`,
      label: "time / baseline",
      value: (m) => ratio(m, `program-${scale.program}`, `baseline-${scale.program}`),
      atMost: 1.2,
      unit: "x",
    },
    {
      on: `program-${scale.program}`,
      label: "peak RSS",
      value: (m) => m.get(`program-${scale.program}`)?.peakRssMB,
      atMost: 1000,
      unit: "MB",
    },
    {
      on: `program-${scale.program}-stack`,
      label: "peak RSS",
      value: (m) => m.get(`program-${scale.program}-stack`)?.peakRssMB,
      atMost: 1000,
      unit: "MB",
    },
    {
      on: "drift-core",
      label: "time / JSON.parse",
      value: (m) => ratio(m, "drift-core", "drift-parse"),
      atMost: 2,
      unit: "x",
    },
    {
      on: "drift-groups-core",
      label: "time / JSON.parse",
      value: (m) => ratio(m, "drift-groups-core", "drift-groups-parse"),
      atMost: 2,
      unit: "x",
    },
  ];
}
