/**
 * The one error the review library throws for input it cannot use: a missing or malformed project, stack
 * export, policy config or git revision, or options that contradict each other. Commands print its message
 * and exit with code 2; anything else thrown is a bug.
 */

/** Input the review cannot use, or options that contradict each other: printed to stderr, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
