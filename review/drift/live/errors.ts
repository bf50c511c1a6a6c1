/**
 * A failed read as the report shows it: status, the service's error code, its message (scrubbed of tokens)
 * and what the reader needs, from the SDKs' errors (`RestError` of @azure/core-rest-pipeline, `GraphError`
 * of the Graph client) or a network failure.
 */

import type { ReadError } from "../model";
import { redactSecrets } from "./redact";

/** The parts of an SDK error the report uses. */
interface ErrorParts {
  readonly status?: number;
  readonly code?: string;
  readonly message: string;
}

function parts(error: unknown): ErrorParts {
  const e = error as { statusCode?: unknown; code?: unknown; message?: unknown; cause?: unknown };
  const status = typeof e.statusCode === "number" && e.statusCode > 0 ? e.statusCode : undefined;
  const code = typeof e.code === "string" && e.code !== "" ? e.code : undefined;
  const cause = e.cause as { code?: unknown; message?: unknown } | undefined;
  let message = typeof e.message === "string" ? e.message : String(error);
  // fetch failures say "fetch failed" and keep the reason in `cause`.
  if (cause && typeof cause.message === "string") message = `${message}: ${cause.message}`;
  return {
    ...(status !== undefined ? { status } : {}),
    ...(code !== undefined
      ? { code }
      : typeof cause?.code === "string"
        ? { code: cause.code }
        : {}),
    message: message.split("\n")[0] ?? "",
  };
}

/** What a reader of this project needs for a refusal, by service. */
function rightsHint(source: "arm" | "graph", status: number | undefined, target: string): string {
  if (status === 401) return "sign in again (az login) or check the workload identity's federation";
  if (status === 403) {
    return source === "arm"
      ? `the reader needs Reader (Microsoft.Authorization/roleAssignments/read) on ${target}`
      : target.startsWith("/groups")
        ? "the reader needs Microsoft Graph Group.Read.All (groups and their members)"
        : "the reader needs Microsoft Graph User.Read.All (AuditLog.Read.All too for sign-in activity)";
  }
  if (status === 404) {
    return source === "arm"
      ? `${target} does not exist, or the reader cannot see it; check the scope`
      : target.startsWith("/groups/")
        ? "the group was not found: it may have been deleted since it was listed"
        : "the Graph endpoint was not found";
  }
  return "try again later; the read was retried with backoff before giving up";
}

/** A failed read of `target` as a report error. */
export function readError(
  source: "arm" | "graph",
  target: string,
  error: unknown,
  secrets: Iterable<string>,
): ReadError {
  const { status, code, message } = parts(error);
  const said = redactSecrets(message, secrets).slice(0, 500);
  return {
    source,
    target,
    ...(status !== undefined ? { status } : {}),
    ...(code !== undefined ? { code } : {}),
    message: `${said}${said.endsWith(".") ? "" : "."} Fix: ${rightsHint(source, status, target)}.`,
  };
}
