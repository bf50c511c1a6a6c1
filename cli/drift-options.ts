/**
 * The `drift` command's option parsers and help text, apart from the command itself: `cli/main.ts` builds the
 * command tree from these without loading the drift review (and with it the Azure and Graph clients), which
 * it loads only when `drift` runs.
 */

import { InvalidArgumentError } from "commander";
import { DRIFT_CLASSES, isDriftClass, type DriftClass } from "../review/drift/model";

/** Parses `--fail-on a,b,c` (class names, exactly as the report prints them; `none` for no class). */
export function parseFailOn(value: string): DriftClass[] {
  const names = value
    .split(",")
    .map((n) => n.trim())
    .filter((n) => n !== "");
  if (names.length === 1 && names[0] === "none") return [];
  const unknown = names.filter((n) => !isDriftClass(n));
  if (names.length === 0 || unknown.length > 0) {
    throw new InvalidArgumentError(
      `${unknown.length > 0 ? `unknown class ${unknown.map((n) => JSON.stringify(n)).join(", ")}` : "no class given"}; use a comma-separated list of ${DRIFT_CLASSES.join(", ")}, or none`,
    );
  }
  return [...new Set(names as DriftClass[])];
}

/** One `--group-members GROUP=FILE`: the group (object id, or name under `groups:`) and its members' export. */
export interface GroupMembersFile {
  readonly group: string;
  readonly file: string;
}

/** Parses one `--group-members GROUP=FILE` (commander calls it per value, with the values so far). */
export function parseGroupMembers(
  value: string,
  previous: readonly GroupMembersFile[] = [],
): GroupMembersFile[] {
  const at = value.indexOf("=");
  const group = at > 0 ? value.slice(0, at).trim() : "";
  const file = at > 0 ? value.slice(at + 1) : "";
  if (group === "" || file === "") {
    throw new InvalidArgumentError(
      `"${value}" is not GROUP=FILE; write the group's name under groups: (or its object id), =, and the file of az ad group member list --group <id>, e.g. contoso-auditors=members.json`,
    );
  }
  return [...previous, { group, file }];
}

/** Parses `--pending-days N`. */
export function parsePendingDays(value: string): number {
  if (!/^\d+$/.test(value)) {
    throw new InvalidArgumentError(
      `"${value}" is not a number of days; write a whole number such as 30`,
    );
  }
  return Number(value);
}

/** The help text's last lines: exit codes and rights. */
export const DRIFT_HELP_AFTER =
  "\nExit codes: 0 no drift in the --fail-on classes (default: every class but in-sync);\n" +
  "1 drift in them; 2 a read failed (unless --allow-partial) or unusable input.\n" +
  "--live needs Reader on the scopes read and Microsoft Graph User.Read.All\n" +
  "(Group.Read.All too when the declaration has groups;\n" +
  "AuditLog.Read.All and Entra ID P1 for the last sign-in of stale guests).";
