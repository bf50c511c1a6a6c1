/**
 * The `guest-access` command line. Each command lives in its own module with a pure core; this file only
 * parses arguments and maps failures to the documented exit codes:
 * 0 clean (warnings allowed), 1 findings (input errors, mandatory violations), 2 usage or unreadable input,
 * 70 an internal error (a bug).
 *
 * Everything written goes through `escapeOutput` (the commands' output, their errors, git's and the argument
 * parser's): input can put no raw control, bidirectional or zero-width character on a screen. Every file a
 * run reads counts against the run's input limits (`GUEST_ACCESS_MAX_*_BYTES`).
 *
 * A command's module is loaded when the command runs, not before: `--help` loads none, and `validate` never
 * loads what `plan` needs (the policies) nor what only `plan --capture` needs (the Pulumi SDK).
 */

import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { isCalendarDate } from "../access/dates";
import { UnreadableInputError } from "../access/source";
import { escapeOutput, escapeText } from "../access/escape";
import { limitsFromEnv, withInputLimits } from "../access/read-input";
import { UsageError } from "../review/errors";
import { ExitCode, type CliIO, type OutputFormat } from "./io";
import {
  DRIFT_HELP_AFTER,
  parseFailOn,
  parseGroupMembers,
  parsePendingDays,
  type GroupMembersFile,
} from "./drift-options";
import type { DriftClass } from "../review/drift/model";
import {
  DEFAULT_REMOVAL_LIMITS,
  parseGuestLimit,
  parsePercentLimit,
  type RemovalLimits,
} from "../review/mass-removal";
import { PLAIN, styleFor } from "./render/style";

/** Where a bug is reported. */
export const REPORT_BUGS_AT =
  "the issue tracker of the repository guest-access comes from (with the command and this message)";

/** Exit code of an internal error (BSD's EX_SOFTWARE). */
export const INTERNAL_ERROR = 70;

/**
 * The short message of an internal error: its kind and first line, escaped and cut, and where to report it.
 * The stack trace (which can quote input) only with GUEST_ACCESS_DEBUG=1.
 */
export function internalErrorMessage(
  error: unknown,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const kind = error instanceof Error ? error.name : typeof error;
  const first = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
  const shown = escapeText(first.length > 200 ? `${first.slice(0, 200)}…` : first);
  const trace =
    env.GUEST_ACCESS_DEBUG === "1" && error instanceof Error && error.stack
      ? `\n${error.stack}`
      : "\n(set GUEST_ACCESS_DEBUG=1 for the stack trace)";
  return `guest-access: internal error (a bug, not a problem with your input): ${kind}: ${shown}\nPlease report it in ${REPORT_BUGS_AT}.${trace}\n`;
}

/** The same streams, every write escaped; the printers' colour codes kept only where colour is on. */
function safeIO(io: CliIO): CliIO {
  const colour = styleFor(io) !== PLAIN;
  return {
    ...io,
    stdout: (text) => io.stdout(escapeOutput(text, colour)),
    stderr: (text) => io.stderr(escapeOutput(text)),
    // Progress is the program's own text (counts), drawn with control sequences that must reach the terminal.
    progress: io.progress ?? io.stderr,
  };
}

/** Parses `--now YYYY-MM-DD`. */
export function parseDateOption(value: string): string {
  if (!isCalendarDate(value))
    throw new InvalidArgumentError(`"${value}" is not a date; write YYYY-MM-DD`);
  return value;
}

function formatOption(formats: readonly string[]): Option {
  return new Option("--format <format>", "output format").choices(formats).default("text");
}

/** `--stack NAME`: whose Pulumi.<stack>.yaml config the program runs with. */
function stackOption(): Option {
  return new Option(
    "--stack <name>",
    "the stack whose config (Pulumi.<stack>.yaml) the program runs with",
  ).default("dev");
}

/** `--policy-config FILE`: the guardrails' configuration, as `pulumi preview` takes it. */
function policyConfigOption(): Option {
  return new Option(
    "--policy-config <file>",
    "the policy pack config, as for pulumi preview --policy-pack-config (default: policy/config/<stack>.json when it exists)",
  );
}

/** `--now DATE`: the date expiries are judged against, for reproducible output. */
function nowOption(): Option {
  return new Option(
    "--now <date>",
    "judge expiries as of this date (YYYY-MM-DD) instead of today",
  ).argParser(parseDateOption);
}

/** A parser of an option's value that commander reports as a usage error. */
function argParser<T>(parse: (value: string) => T): (value: string) => T {
  return (value) => {
    try {
      return parse(value);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
  };
}

/** The mass-removal guard's options, shared by `plan` (with `--state`) and `diff`. */
function massRemovalOptions(command: Command): Command {
  return command
    .option(
      "--allow-mass-removal",
      "the change is meant to remove more guests or grants than the limits allow",
    )
    .addOption(
      new Option(
        "--max-removed-guests <n>",
        "fail when a change removes more guests than this (a truncated file looks like a mass removal)",
      )
        .argParser(argParser(parseGuestLimit))
        .default(DEFAULT_REMOVAL_LIMITS.maxGuests),
    )
    .addOption(
      new Option(
        "--max-removed-grants <percent>",
        "fail when a change removes more than this share of the grants",
      )
        .argParser(argParser(parsePercentLimit))
        .default(DEFAULT_REMOVAL_LIMITS.maxGrantPercent),
    );
}

/** The mass-removal settings from parsed options. */
function removalSettings(options: MassRemovalFlags): {
  removalLimits: RemovalLimits;
  allowMassRemoval?: true;
} {
  return {
    removalLimits: {
      maxGuests: options.maxRemovedGuests,
      maxGrantPercent: options.maxRemovedGrants,
    },
    ...(options.allowMassRemoval ? { allowMassRemoval: true as const } : {}),
  };
}

interface MassRemovalFlags {
  allowMassRemoval?: boolean;
  maxRemovedGuests: number;
  maxRemovedGrants: number;
}

/**
 * Builds the command tree; `setExit` receives each command's exit code. Exported for the test that parses
 * every `guest-access` invocation of the workflows and the README with it, so a renamed flag fails the build.
 */
export function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command("guest-access")
    .description("Declare external users' Azure access in one reviewed file.")
    .exitOverride()
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      // The parser's errors quote the argument as typed: one line, escaped, so it cannot forge another.
      outputError: (text, write) => write(`${escapeText(text.replace(/\n$/, ""))}\n`),
    })
    .showHelpAfterError();

  program
    .command("validate")
    .description("check an access file (or a directory of them) and print every problem")
    .argument("[path]", "access file or directory", "access.yaml")
    .addOption(formatOption(["text", "json"]))
    .addOption(nowOption())
    .option(
      "--roles <file>",
      "a role table from `az role definition list -o json` instead of the bundled one",
    )
    .action(
      async (path: string, options: { format: "text" | "json"; now?: string; roles?: string }) => {
        const [{ runValidate }, { loadRoleCatalog }] = await Promise.all([
          import("./validate"),
          import("../access/load"),
        ]);
        setExit(
          runValidate(
            {
              path,
              format: options.format,
              ...(options.now ? { today: options.now } : {}),
              ...(options.roles ? { catalog: loadRoleCatalog(options.roles) } : {}),
            },
            io,
          ),
        );
      },
    );

  const plan = program
    .command("plan")
    .description("the offline plan: what the program would deploy, judged by the guardrails")
    .argument("[path]", "access file or directory (default: the stack's guest-access:accessFile)")
    .addOption(stackOption())
    .addOption(formatOption(["text", "markdown", "json"]))
    .addOption(policyConfigOption())
    .addOption(nowOption())
    .option(
      "--state <file>",
      "a `pulumi stack export` file of the same stack: show create, update, replace and delete against it",
    )
    .option(
      "--fail-on-destructive",
      "with --state: exit 1 when a change costs a guest their account (deleted, or re-invited as a new one)",
    )
    .option(
      "--capture",
      "run the real Pulumi program under mocks instead of projecting its resources (slower; same result)",
    )
    .option(
      "--identities-outputs <file>",
      "a grants stack: the identities stack's outputs (`pulumi stack output --json`), so its guests' and groups' object ids are known",
    )
    .addHelpText(
      "after",
      "\nExit codes: 0 clean or advisory findings only; 1 errors in the declaration, a\n" +
        "mandatory violation, with --state a mass removal (unless --allow-mass-removal),\n" +
        "or (with --fail-on-destructive) a destructive change; 2 usage or unreadable input.",
    );
  massRemovalOptions(plan).action(
    async (
      path: string | undefined,
      options: {
        stack: string;
        format: OutputFormat;
        policyConfig?: string;
        now?: string;
        state?: string;
        failOnDestructive?: boolean;
        capture?: boolean;
        identitiesOutputs?: string;
      } & MassRemovalFlags,
    ) => {
      const { runPlan } = await import("./plan");
      setExit(
        await runPlan(
          {
            ...(path !== undefined ? { path } : {}),
            stack: options.stack,
            format: options.format,
            ...(options.policyConfig ? { policyConfig: options.policyConfig } : {}),
            ...(options.now ? { today: options.now } : {}),
            ...(options.state ? { state: options.state } : {}),
            ...(options.failOnDestructive ? { failOnDestructive: true } : {}),
            ...(options.capture ? { capture: true } : {}),
            ...(options.identitiesOutputs ? { identitiesOutputs: options.identitiesOutputs } : {}),
            ...removalSettings(options),
          },
          io,
        ),
      );
    },
  );

  const diff = program
    .command("diff")
    .description(
      "compare two versions of the declaration by meaning, with the guardrails' verdict on the new side",
    )
    .argument(
      "[paths...]",
      "OLD NEW (two files or directories), or with --base the declaration (default: the stack's guest-access:accessFile)",
    )
    .option("--base <rev>", "compare PATH at this git revision with PATH in the working tree")
    .addOption(stackOption())
    .addOption(formatOption(["text", "markdown", "json"]))
    .addOption(policyConfigOption())
    .addOption(nowOption())
    .option(
      "--fail-on-destructive",
      "exit 1 when a change costs a guest their account (deleted, or re-invited as a new one)",
    )
    .option(
      "--identities-outputs <file>",
      "a grants stack: the identities stack's outputs (`pulumi stack output --json`), so its guests' and groups' object ids are known on the new side",
    )
    .addHelpText(
      "after",
      "\nExit codes: 0 clean or advisory findings only (a change alone is not a failure);\n" +
        "1 errors in either side's declaration, a mandatory violation on the new side, a\n" +
        "mass removal (unless --allow-mass-removal), or (with --fail-on-destructive) a\n" +
        "destructive change; 2 usage or unreadable input.",
    );
  massRemovalOptions(diff).action(
    async (
      paths: string[],
      options: {
        base?: string;
        stack: string;
        format: OutputFormat;
        policyConfig?: string;
        now?: string;
        failOnDestructive?: boolean;
        identitiesOutputs?: string;
      } & MassRemovalFlags,
    ) => {
      const { runDiff } = await import("./diff");
      setExit(
        await runDiff(
          {
            paths,
            stack: options.stack,
            format: options.format,
            ...(options.base !== undefined ? { base: options.base } : {}),
            ...(options.policyConfig ? { policyConfig: options.policyConfig } : {}),
            ...(options.now ? { today: options.now } : {}),
            ...(options.failOnDestructive ? { failOnDestructive: true } : {}),
            ...(options.identitiesOutputs ? { identitiesOutputs: options.identitiesOutputs } : {}),
            ...removalSettings(options),
          },
          io,
        ),
      );
    },
  );

  program
    .command("drift")
    .description(
      "the declaration against the tenant as it really is: unmanaged, missing, expired, orphaned, stale and pending access, with the fix for each",
    )
    .argument("[path]", "access file or directory (default: the stack's guest-access:accessFile)")
    .addOption(stackOption())
    .addOption(formatOption(["text", "markdown", "json"]))
    .addOption(policyConfigOption())
    .addOption(nowOption())
    .option("--live", "read Azure (ARM and Microsoft Graph) with the default Azure credential")
    .option(
      "--assignments <files...>",
      "exports of role assignments: az role assignment list --all, or ARM list pages",
    )
    .option("--users <files...>", "exports of users: az ad user list, or Graph GET /users pages")
    .option(
      "--groups <files...>",
      "exports of groups: az ad group list, or Graph GET /groups pages",
    )
    .option(
      "--group-members <group=file...>",
      "a declared group's members: NAME=FILE (or OBJECT-ID=FILE) of az ad group member list --group <id>, or Graph GET /groups/{id}/members pages",
      parseGroupMembers,
    )
    .option(
      "--state <file>",
      "a `pulumi stack export` of the stack: which account each invitation made",
    )
    .option(
      "--fail-on <classes>",
      "comma-separated classes that exit 1 (default: every class but in-sync), or none",
      parseFailOn,
    )
    .option("--allow-partial", "judge what was read when some reads fail (exit 0 or 1, not 2)")
    .option("--pending-days <days>", "days an invitation may stay unaccepted", parsePendingDays, 30)
    .addHelpText("after", DRIFT_HELP_AFTER)
    .action(
      async (
        path: string | undefined,
        options: {
          stack: string;
          format: OutputFormat;
          policyConfig?: string;
          now?: string;
          live?: boolean;
          assignments?: string[];
          users?: string[];
          groups?: string[];
          groupMembers?: GroupMembersFile[];
          state?: string;
          failOn?: DriftClass[];
          allowPartial?: boolean;
          pendingDays: number;
        },
      ) => {
        const { runDrift } = await import("./drift");
        setExit(
          await runDrift(
            {
              ...(path !== undefined ? { path } : {}),
              stack: options.stack,
              format: options.format,
              pendingDays: options.pendingDays,
              ...(options.policyConfig ? { policyConfig: options.policyConfig } : {}),
              ...(options.now ? { today: options.now } : {}),
              ...(options.live ? { live: true } : {}),
              ...(options.assignments ? { assignments: options.assignments } : {}),
              ...(options.users ? { users: options.users } : {}),
              ...(options.groups ? { groups: options.groups } : {}),
              ...(options.groupMembers ? { groupMembers: options.groupMembers } : {}),
              ...(options.state ? { state: options.state } : {}),
              ...(options.failOn ? { failOn: options.failOn } : {}),
              ...(options.allowPartial ? { allowPartial: true } : {}),
            },
            io,
          ),
        );
      },
    );

  program
    .command("condition")
    .description(
      "print the Azure ABAC condition that lets the deploying identity grant only the allowed roles",
    )
    .addOption(policyConfigOption())
    .addOption(formatOption(["text", "json"]))
    .action(async (options: { policyConfig?: string; format: "text" | "json" }) => {
      const { printCondition } = await import("./condition");
      setExit(
        printCondition(
          {
            format: options.format,
            ...(options.policyConfig ? { policyConfig: options.policyConfig } : {}),
          },
          io,
        ),
      );
    });

  return program;
}

/**
 * Runs the CLI on `argv` (without `node` and the script) and returns the exit code; never throws: an
 * unexpected error is exit 70 with a short message.
 */
export async function main(argv: readonly string[], rawIO: CliIO): Promise<number> {
  const io = safeIO(rawIO);
  let exitCode: number = ExitCode.Ok;
  const program = buildProgram(io, (code) => (exitCode = code));
  try {
    const limits = limitsFromEnv(io.env);
    await withInputLimits(limits, () => program.parseAsync([...argv], { from: "user" }));
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; every other parse failure is a usage error.
      return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    }
    if (error instanceof UnreadableInputError || error instanceof UsageError) {
      io.stderr(`guest-access: ${error.message}\n`);
      return ExitCode.Usage;
    }
    io.stderr(internalErrorMessage(error, io.env));
    return INTERNAL_ERROR;
  }
}

/** The process entry point used by `bin/guest-access.js`. */
export function run(): void {
  const io: CliIO = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    isTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      io.stderr(escapeOutput(internalErrorMessage(error, io.env)));
      process.exitCode = INTERNAL_ERROR;
    },
  );
}
