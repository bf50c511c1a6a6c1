/**
 * Checks of one set of invitation settings as written, in `defaults.invitation` or on a guest. Kept apart from
 * the guest rules because the file-wide declarations check the defaults with it too.
 */

import type { ErrorCode } from "./diagnostics";
import type { InvitationDocument } from "./document";
import { emailProblem } from "./email";
import { readablePath } from "./shape";
import { optional, type Path } from "./rule-context";

/** What is wrong with one set of invitation settings as written (the guest's or the defaults'). */
export function invitationProblems(
  settings: InvitationDocument,
  path: Path,
): { path: Path; code: ErrorCode; message: string }[] {
  const problems: { path: Path; code: ErrorCode; message: string }[] = [];
  if (optional(settings.message) !== undefined && optional(settings.language) !== undefined) {
    problems.push({
      path,
      code: "message-and-language",
      message: `${readablePath(path)} sets both message and language; Microsoft sends either your message or its standard text in a language: keep one`,
    });
  }
  const cc = optional(settings.cc);
  const ccProblem = cc === undefined ? undefined : emailProblem(cc);
  if (ccProblem) {
    problems.push({
      path: [...path, "cc"],
      code: "invalid-email",
      message: `${readablePath([...path, "cc"])} "${cc}" cannot receive the invitation: ${ccProblem}`,
    });
  }
  return problems;
}
