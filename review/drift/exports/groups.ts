/**
 * Groups and their members from exports, in the shapes `az` prints and Microsoft Graph answers:
 * - groups: `az ad group list` (a list of Graph group objects: azure-cli's Graph client follows
 *   `@odata.nextLink` and prints the `value` entries as one list), or Graph `GET /groups` pages
 *   (`{ "@odata.context", "value": [...], "@odata.nextLink" }`);
 * - members: `az ad group member list --group <id>` (a list of directory objects, from `GET /groups/{id}/members`),
 *   or Graph `GET /groups/{id}/members` pages. Members are directory objects of any kind: each carries its
 *   `@odata.type` (`#microsoft.graph.user`, `#microsoft.graph.group`, ...).
 */

import type { TenantGroup, TenantMember } from "../model";
import { ExportFormatError, isRecord, optionalString, type Where } from "./errors";

const GROUPS_HINT =
  "expected the JSON of `az ad group list`, or a Microsoft Graph GET /groups page " +
  '{"value":[...],"@odata.nextLink":...}';

const MEMBERS_HINT =
  "expected the JSON of `az ad group member list --group <id>`, or a Microsoft Graph GET /groups/{id}/members page " +
  '{"value":[...],"@odata.nextLink":...}';

/** What one export file held. */
export interface ListExport<T> {
  readonly items: T[];
  /** The page's `@odata.nextLink`, when more pages follow. */
  readonly nextLink?: string;
}

/** The entries of an `az` list or of a Graph page, with the place of each for errors. */
function entries(
  data: unknown,
  file: string,
  hint: string,
): { list: readonly unknown[]; at: (i: number) => string; nextLink?: string } {
  if (Array.isArray(data)) return { list: data, at: (i) => `${file}: [${i}]` };
  if (isRecord(data) && Array.isArray(data.value)) {
    const nextLink = optionalString(data, "@odata.nextLink", () => file);
    return {
      list: data.value,
      at: (i) => `${file}: value[${i}]`,
      ...(nextLink ? { nextLink } : {}),
    };
  }
  throw new ExportFormatError(`${file}: no list found; ${hint}`);
}

function objectId(
  entry: unknown,
  where: Where,
  hint: string,
): Record<string, unknown> & { id: string } {
  if (!isRecord(entry)) throw new ExportFormatError(`${where()} is not an object; ${hint}`);
  const id = optionalString(entry, "id", where);
  if (!id) throw new ExportFormatError(`${where()} has no "id"; ${hint}`);
  return { ...entry, id: id.toLowerCase() };
}

/** One Graph group object. */
export function toTenantGroup(entry: unknown, where: Where): TenantGroup {
  const group = objectId(entry, where, GROUPS_HINT);
  const displayName = optionalString(group, "displayName", where);
  const description = optionalString(group, "description", where);
  return {
    id: group.id,
    ...(displayName !== undefined ? { displayName } : {}),
    ...(description !== undefined ? { description } : {}),
  };
}

/** `#microsoft.graph.servicePrincipal` is `servicePrincipal`: Graph's own name of the kind. */
const ODATA_TYPE = /^#?microsoft\.graph\.(\w+)$/i;

/** One directory object among a group's members. */
export function toTenantMember(entry: unknown, where: Where): TenantMember {
  const member = objectId(entry, where, MEMBERS_HINT);
  const type = optionalString(member, "@odata.type", where);
  const userPrincipalName = optionalString(member, "userPrincipalName", where);
  // Without @odata.type (a page whose $select left it out), only a user has a user principal name.
  const kind = type ? (ODATA_TYPE.exec(type)?.[1] ?? type) : userPrincipalName ? "user" : "";
  const displayName = optionalString(member, "displayName", where);
  const mail = optionalString(member, "mail", where);
  return {
    id: member.id,
    kind,
    ...(displayName !== undefined ? { displayName } : {}),
    ...(mail ? { mail } : {}),
    ...(userPrincipalName ? { userPrincipalName } : {}),
  };
}

/** Reads a parsed groups export. */
export function readGroupExport(data: unknown, file: string): ListExport<TenantGroup> {
  const { list, at, nextLink } = entries(data, file, GROUPS_HINT);
  return {
    items: list.map((entry, i) => toTenantGroup(entry, () => at(i))),
    ...(nextLink ? { nextLink } : {}),
  };
}

/** Reads a parsed members export. */
export function readMemberExport(data: unknown, file: string): ListExport<TenantMember> {
  const { list, at, nextLink } = entries(data, file, MEMBERS_HINT);
  return {
    items: list.map((entry, i) => toTenantMember(entry, () => at(i))),
    ...(nextLink ? { nextLink } : {}),
  };
}
