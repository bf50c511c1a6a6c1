/**
 * Users from exports: the JSON of `az ad user list` (a list of Graph user objects), or Microsoft Graph
 * `GET /users` pages (`{ "@odata.context", "value": [...], "@odata.nextLink" }`). `az ad user list` prints
 * Graph's default properties, without `userType` or `externalUserState`: guests are then told by their
 * `#EXT#` user principal name, and pending invitations cannot be judged (the report says so).
 */

import type { TenantUser } from "../model";
import { ExportFormatError, isRecord, optionalString, type Where } from "./errors";

const HINT =
  "expected the JSON of `az ad user list`, or a Microsoft Graph GET /users page " +
  '{"value":[...],"@odata.nextLink":...}';

/** What one users file held. */
export interface UserExport {
  readonly users: TenantUser[];
  /** The page's `@odata.nextLink`, when more pages follow. */
  readonly nextLink?: string;
}

/** The latest of Graph's `signInActivity` timestamps, when it has any. */
function lastSignIn(activity: unknown): string | undefined {
  if (!isRecord(activity)) return undefined;
  const times = [
    activity.lastSignInDateTime,
    activity.lastNonInteractiveSignInDateTime,
    activity.lastSuccessfulSignInDateTime,
  ].filter((t): t is string => typeof t === "string" && !Number.isNaN(Date.parse(t)));
  return times.sort((a, b) => Date.parse(b) - Date.parse(a))[0];
}

/**
 * The user principal name among `identities` (`signInType` "userPrincipalName"), for pages that select
 * `identities` rather than `userPrincipalName` (Graph's list-users example of B2B guests does).
 */
function identityUpn(identities: unknown): string | undefined {
  if (!Array.isArray(identities)) return undefined;
  for (const identity of identities) {
    if (
      isRecord(identity) &&
      identity.signInType === "userPrincipalName" &&
      typeof identity.issuerAssignedId === "string"
    ) {
      return identity.issuerAssignedId;
    }
  }
  return undefined;
}

/** One Graph user object; throws `ExportFormatError` naming the entry when it has no id. */
export function toTenantUser(entry: unknown, where: Where): TenantUser {
  if (!isRecord(entry)) throw new ExportFormatError(`${where()} is not an object; ${HINT}`);
  const id = optionalString(entry, "id", where);
  if (!id) throw new ExportFormatError(`${where()} has no "id"; ${HINT}`);
  const otherMails = Array.isArray(entry.otherMails)
    ? entry.otherMails.filter((m): m is string => typeof m === "string")
    : undefined;
  // Set one by one, in this order, only when present: a tenant holds tens of thousands of users.
  const user: Record<string, unknown> = { id: id.toLowerCase() };
  const set = (key: string, value: string | undefined): void => {
    if (value !== undefined) user[key] = value;
  };
  set("userType", optionalString(entry, "userType", where));
  set("displayName", optionalString(entry, "displayName", where));
  set("mail", optionalString(entry, "mail", where));
  set(
    "userPrincipalName",
    optionalString(entry, "userPrincipalName", where) ?? identityUpn(entry.identities),
  );
  set("externalUserState", optionalString(entry, "externalUserState", where));
  set(
    "externalUserStateChangeDateTime",
    optionalString(entry, "externalUserStateChangeDateTime", where),
  );
  set("createdDateTime", optionalString(entry, "createdDateTime", where));
  set("lastSignIn", lastSignIn(entry.signInActivity));
  if (otherMails && otherMails.length > 0) user.otherMails = otherMails;
  return user as unknown as TenantUser;
}

/** Reads a parsed users export. */
export function readUserExport(data: unknown, file: string): UserExport {
  if (Array.isArray(data)) {
    return { users: data.map((entry, index) => toTenantUser(entry, () => `${file}: [${index}]`)) };
  }
  if (isRecord(data) && Array.isArray(data.value)) {
    const users = data.value.map((entry: unknown, index) =>
      toTenantUser(entry, () => `${file}: value[${index}]`),
    );
    const nextLink = optionalString(data, "@odata.nextLink", () => file);
    return { users, ...(nextLink ? { nextLink } : {}) };
  }
  throw new ExportFormatError(`${file}: no users found; ${HINT}`);
}
