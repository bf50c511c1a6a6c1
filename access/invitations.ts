/**
 * Invitation rules: where a new guest lands, and how (and whether) Microsoft emails the invitation.
 */

import type { GuestDocument, InvitationDocument } from "./document";
import type { InvitationSpec } from "./model";
import { emailProblem, normaliseEmail } from "./email";
import { readablePath } from "./shape";
import { DEFAULT_REDIRECT_URL, redirectUrlProblem } from "./urls";
import { optional, type GuestContext, type Path, type Reporter } from "./rule-context";

/** The invitation of a guest who is not an existing user; undefined when its settings have errors. */
export function resolveInvitation(
  report: Reporter,
  base: Path,
  entry: GuestDocument,
  context: GuestContext,
): InvitationSpec | undefined {
  const defaults = context.declarations.defaults;
  // Problems of the defaults themselves are reported once, by collectDeclarations; only the guest's own here.
  const ownUrl = optional(entry.redirectUrl);
  const redirectUrl = ownUrl ?? defaults.redirectUrl?.value ?? DEFAULT_REDIRECT_URL;
  let ok = true;
  if (ownUrl !== undefined) {
    const problem = redirectUrlProblem(ownUrl);
    if (problem) {
      ok = false;
      report.error(
        [...base, "redirectUrl"],
        "insecure-redirect-url",
        `${readablePath([...base, "redirectUrl"])} ${problem}`,
      );
    }
  }
  const own = optional(entry.invitation);
  if (own) {
    for (const problem of invitationProblems(own, [...base, "invitation"])) {
      ok = false;
      report.error(problem.path, problem.code, problem.message);
    }
  }
  if (!ok) return undefined;
  const settings = mergeInvitation(defaults.invitation?.value, own);
  return {
    redirectUrl,
    send: settings.send ?? true,
    ...(settings.message !== undefined ? { message: settings.message } : {}),
    ...(settings.language !== undefined ? { language: settings.language } : {}),
    ...(settings.cc !== undefined ? { cc: normaliseEmail(settings.cc) } : {}),
  };
}

/** What is wrong with one set of invitation settings as written (the guest's or the defaults'). */
export function invitationProblems(
  settings: InvitationDocument,
  path: Path,
): { path: Path; code: string; message: string }[] {
  const problems: { path: Path; code: string; message: string }[] = [];
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

/**
 * A guest's invitation settings over the defaults. A guest that picks a message or a language replaces
 * both of the defaults' (they exclude each other), so a default language never clashes with a guest's message.
 */
function mergeInvitation(
  defaults: InvitationDocument | undefined,
  own: InvitationDocument | undefined,
): InvitationDocument {
  const base = { ...stripNulls(defaults) };
  const over = stripNulls(own);
  if (over.message !== undefined || over.language !== undefined) {
    delete base.message;
    delete base.language;
  }
  return { ...base, ...over };
}

function stripNulls(settings: InvitationDocument | undefined): InvitationDocument {
  return Object.fromEntries(
    Object.entries(settings ?? {}).filter(([, v]) => v !== null && v !== undefined),
  );
}
