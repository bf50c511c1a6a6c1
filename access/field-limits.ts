/**
 * Limits of Azure and Entra ID on what the declaration writes, checked where a user can fix them. The display
 * name's 256 characters are in the schema (`maxLength`). The role assignment description records the guest,
 * reason, sponsor, ticket and expiry within Azure's 2,048 bytes: a description cut there would lose the
 * sponsor or the ticket without a word, so one that does not fit is an error at the reason.
 */

import type { Diagnostic } from "./diagnostics";
import type { CheckedFile } from "./declarations";
import { normaliseEmail } from "./email";
import { DESCRIPTION_MAX_BYTES, fullDescription, groupHolder } from "../azure/names";
import { readablePath } from "./shape";
import { locate } from "./source";

/** The longest expiry a grant can add to a description. */
const SOME_EXPIRY = "2000-01-01";

/** A diagnostic for each guest or group whose role assignment description would not fit Azure's limit. */
export function descriptionDiagnostics(file: CheckedFile): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  (file.document.guests ?? []).forEach((guest, index) => {
    if (file.invalidGuests.has(index)) return;
    const text = fullDescription({
      email: normaliseEmail(guest.email),
      reason: guest.reason.trim(),
      sponsor: normaliseEmail(guest.sponsor),
      ...(typeof guest.ticket === "string" ? { ticket: guest.ticket } : {}),
      expires: SOME_EXPIRY,
    });
    const bytes = Buffer.byteLength(text, "utf8");
    if (bytes <= DESCRIPTION_MAX_BYTES) return;
    const path = ["guests", index, "reason"];
    diagnostics.push({
      ...locate(file.source, path),
      code: "too-long",
      severity: "error",
      message: `${readablePath(path)} makes the role assignment description ${bytes} bytes long (guest, reason, sponsor, ticket and expiry); Azure keeps at most ${DESCRIPTION_MAX_BYTES}: shorten the reason or the ticket`,
    });
  });
  for (const [name, group] of Object.entries(file.document.groups ?? {})) {
    if (file.invalidGroups.has(name)) continue;
    const text = fullDescription({
      email: groupHolder(name),
      reason: group.reason.trim(),
      sponsor: normaliseEmail(group.sponsor),
      ...(typeof group.ticket === "string" ? { ticket: group.ticket } : {}),
      expires: SOME_EXPIRY,
    });
    const bytes = Buffer.byteLength(text, "utf8");
    if (bytes <= DESCRIPTION_MAX_BYTES) continue;
    const path = ["groups", name, "reason"];
    diagnostics.push({
      ...locate(file.source, path),
      code: "too-long",
      severity: "error",
      message: `${readablePath(path)} makes the role assignment description of the group's grants ${bytes} bytes long (group, reason, sponsor, ticket and expiry); Azure keeps at most ${DESCRIPTION_MAX_BYTES}: shorten the reason or the ticket`,
    });
  }
  return diagnostics;
}
