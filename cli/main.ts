/**
 * The `guest-access` command line. Each command lives in its own module with a pure core; this file only
 * parses arguments and maps failures to the documented exit codes:
 * 0 clean (warnings allowed), 1 findings (input errors, mandatory violations), 2 usage or unreadable input.
 */

import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { isCalendarDate } from "../access/dates";
import { loadRoleCatalog } from "../access/load";
import { UnreadableInputError } from "../access/source";
import { UsageError } from "../review/errors";
import { ExitCode, type CliIO, type OutputFormat } from "./io";
import { runDiff } from "./diff";
import { runPlan } from "./plan";
import { runValidate } from "./validate";
import { printCondition } from "./condition";

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

/** Builds the command tree; `setExit` receives each command's exit code. */
function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command("guest-access")
    .description("Declare external users' Azure access in one reviewed file.")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
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
    .action((path: string, options: { format: "text" | "json"; now?: string; roles?: string }) => {
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
    });

  program
    .command("plan")
    .description(
      "the offline plan: run the program under mocks, evaluate the guardrails, print what would be deployed",
    )
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
    .addHelpText(
      "after",
      "\nExit codes: 0 clean or advisory findings only; 1 errors in the declaration, a\n" +
        "mandatory violation, or (with --fail-on-destructive) a destructive change;\n" +
        "2 usage or unreadable input.",
    )
    .action(
      async (
        path: string | undefined,
        options: {
          stack: string;
          format: OutputFormat;
          policyConfig?: string;
          now?: string;
          state?: string;
          failOnDestructive?: boolean;
        },
      ) => {
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
            },
            io,
          ),
        );
      },
    );

  program
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
    .addHelpText(
      "after",
      "\nExit codes: 0 clean or advisory findings only (a change alone is not a failure);\n" +
        "1 errors in either side's declaration, a mandatory violation on the new side, or\n" +
        "(with --fail-on-destructive) a destructive change; 2 usage or unreadable input.",
    )
    .action(
      async (
        paths: string[],
        options: {
          base?: string;
          stack: string;
          format: OutputFormat;
          policyConfig?: string;
          now?: string;
          failOnDestructive?: boolean;
        },
      ) => {
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
    .action((options: { policyConfig?: string; format: "text" | "json" }) => {
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

/** Runs the CLI on `argv` (without `node` and the script) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  const program = buildProgram(io, (code) => (exitCode = code));
  try {
    await program.parseAsync([...argv], { from: "user" });
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
    throw error;
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
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      io.stderr(`guest-access: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 70;
    },
  );
}
