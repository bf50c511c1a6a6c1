/**
 * What a command needs from the world, passed in so tests drive commands in-process.
 */

/** The streams and surroundings of one command run. */
export interface CliIO {
  /** Writes results (exactly what a script reads). */
  readonly stdout: (text: string) => void;
  /** Writes errors and progress. */
  readonly stderr: (text: string) => void;
  /** The working directory relative paths are resolved against. */
  readonly cwd: string;
  /** The environment (for NO_COLOR and the like). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal (colour only then). */
  readonly isTTY: boolean;
  /** Whether stderr is a terminal (progress only then); false when absent. */
  readonly stderrIsTTY?: boolean;
  /**
   * Writes progress to stderr as it is, unescaped, so a terminal line can be redrawn: only for text the
   * program makes itself (counts), never for input. `stderr` when absent.
   */
  readonly progress?: (text: string) => void;
}

/** Exit codes every command shares. */
export const ExitCode = {
  /** Clean, or warnings / advisory findings only. */
  Ok: 0,
  /** Errors in the input, or mandatory guardrail violations. */
  Findings: 1,
  /** Bad usage, or input that cannot be read. */
  Usage: 2,
} as const;

/** One of the shared exit codes. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The output formats commands offer: text for people, markdown for pull requests, json for machines. */
export type OutputFormat = "text" | "markdown" | "json";
