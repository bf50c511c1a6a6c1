/**
 * Invitation rules: where a new guest lands, and how (and whether) Microsoft emails the invitation.
 */

import type { GuestDocument, InvitationDocument } from "./document";
import type { InvitationSpec } from "./model";
import { normaliseEmail } from "./email";
import { invitationProblems } from "./invitation-settings";
import { readablePath } from "./shape";
import { DEFAULT_REDIRECT_URL } from "../azure/invitation";
import { redirectUrlProblem } from "./urls";
import type { GuestContext } from "./guest-context";
import { optional, type Path, type Reporter } from "./rule-context";

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
