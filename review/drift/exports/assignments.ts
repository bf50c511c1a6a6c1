/**
 * Role assignments from exports: the JSON of `az role assignment list` (a list of flat objects, fields at the
 * top: `principalId`, `principalType`, `principalName`, `roleDefinitionId`, `scope`, ...), or ARM list pages
 * (`{ "value": [ { id, name, properties: { ... } } ], "nextLink": ... }`, the REST API's and the SDK's wire
 * shape). Both forms of `roleDefinitionId` are accepted (tenant `/providers/...` and subscription
 * `/subscriptions/<id>/providers/...`): ARM returns the latter at subscription, resource group and resource
 * scope, its spec examples show the former.
 */

import { tenantRoleId } from "../keys";
import type { TenantAssignment } from "../model";
import { ExportFormatError, isRecord, optionalString, type Where } from "./errors";

const HINT =
  "expected the JSON of `az role assignment list --all` (or --scope ...), or an ARM list page " +
  '{"value":[...],"nextLink":...}';

/** What one export file held. */
export interface AssignmentExport {
  readonly assignments: TenantAssignment[];
  /** The page's `nextLink`, when it has one: more pages follow. */
  readonly nextLink?: string;
}

const SCOPE_OF_ID = /^(.*)\/providers\/Microsoft\.Authorization\/roleAssignments\/[^/]+$/i;

/**
 * Lower-case ASCII of an id (a GUID): the string itself when it has no capital letter, as ARM and `az` write
 * them, so that hundreds of thousands of entries do not each get a copy of their ids.
 */
function lowerId(text: string): string {
  return HAS_CAPITAL.test(text) ? text.toLowerCase() : text;
}

const HAS_CAPITAL = /[A-Z]/;

/**
 * Checks and folds the fields the review keys on into `target` (which may be `top` itself); throws
 * `ExportFormatError` naming the entry when one is missing or malformed.
 */
function foldKeys(
  target: Record<string, unknown>,
  top: Record<string, unknown>,
  fields: Record<string, unknown>,
  where: Where,
): void {
  const id = optionalString(top, "id", where);
  const principalId = optionalString(fields, "principalId", where);
  const roleDefinitionId = optionalString(fields, "roleDefinitionId", where);
  if (!id || !principalId || !roleDefinitionId) {
    const missing = !id ? "id" : !principalId ? "principalId" : "roleDefinitionId";
    throw new ExportFormatError(`${where()} has no "${missing}"; ${HINT}`);
  }
  const roleId = tenantRoleId(roleDefinitionId);
  if (!roleId) {
    throw new ExportFormatError(
      `${where()}: roleDefinitionId ${JSON.stringify(roleDefinitionId)} is not a role definition id (…/providers/Microsoft.Authorization/roleDefinitions/<guid>)`,
    );
  }
  const scope = optionalString(fields, "scope", where) ?? SCOPE_OF_ID.exec(id)?.[1];
  if (scope === undefined) {
    throw new ExportFormatError(`${where()} has no "scope", and its id does not name one; ${HINT}`);
  }
  const name = optionalString(top, "name", where) ?? id.slice(id.lastIndexOf("/") + 1);
  target.id = id;
  target.name = lowerId(name);
  target.scope = scope.charCodeAt(0) === SLASH ? scope : `/${scope}`;
  target.roleId = roleId;
  target.principalId = lowerId(principalId);
}

const SLASH = 0x2f;

/**
 * One assignment from its fields, wherever they sit (top level for `az`, `properties` for ARM). Throws
 * `ExportFormatError` naming the entry when a field the review keys on is missing or malformed.
 */
export function toTenantAssignment(
  top: Record<string, unknown>,
  fields: Record<string, unknown>,
  where: Where,
): TenantAssignment {
  const assignment: Record<string, unknown> = {};
  foldKeys(assignment, top, fields, where);
  const principalType = optionalString(fields, "principalType", where);
  if (principalType !== undefined) assignment.principalType = principalType;
  const principalName = optionalString(fields, "principalName", where);
  if (principalName !== undefined) assignment.principalName = principalName;
  const roleName = optionalString(fields, "roleDefinitionName", where);
  if (roleName) assignment.roleName = roleName;
  const description = optionalString(fields, "description", where);
  if (description !== undefined) assignment.description = description;
  const condition = optionalString(fields, "condition", where);
  if (condition !== undefined) assignment.condition = condition;
  return assignment as unknown as TenantAssignment;
}

/**
 * An `az` entry made into the review's assignment in place: its fields already sit where the review reads
 * them, so the keyed ones are folded and the optional ones checked on the parsed object itself, instead of
 * copying hundreds of thousands of entries (the copy, not the parse, was most of the time and memory of a
 * large review). Only for objects this module parsed and owns.
 */
function adoptAzEntry(entry: Record<string, unknown>, where: Where): TenantAssignment {
  foldKeys(entry, entry, entry, where);
  entry.principalType = optionalString(entry, "principalType", where);
  entry.principalName = optionalString(entry, "principalName", where);
  entry.roleName = optionalString(entry, "roleDefinitionName", where) || undefined;
  entry.description = optionalString(entry, "description", where);
  entry.condition = optionalString(entry, "condition", where);
  return entry as unknown as TenantAssignment;
}

/**
 * Reads a parsed export: an `az` list (or one `az` object), or an ARM list page. Takes ownership of `data`:
 * `az` entries become the assignments returned.
 */
export function readAssignmentExport(data: unknown, file: string): AssignmentExport {
  if (Array.isArray(data)) {
    const assignments = new Array<TenantAssignment>(data.length);
    // One place object for the whole list: an entry's place is built only for an error message.
    const place = { index: 0 };
    const where = (): string => `${file}: [${place.index}]`;
    for (let index = 0; index < data.length; index++) {
      const entry: unknown = data[index];
      place.index = index;
      if (!isRecord(entry)) throw new ExportFormatError(`${where()} is not an object; ${HINT}`);
      assignments[index] = adoptAzEntry(entry, where);
    }
    return { assignments };
  }
  if (!isRecord(data)) throw new ExportFormatError(`${file}: not a JSON object or list; ${HINT}`);
  if (Array.isArray(data.value)) {
    const assignments = data.value.map((entry: unknown, index) => {
      const where = (): string => `${file}: value[${index}]`;
      if (!isRecord(entry)) throw new ExportFormatError(`${where()} is not an object; ${HINT}`);
      if (!isRecord(entry.properties)) {
        throw new ExportFormatError(`${where()} has no "properties"; ${HINT}`);
      }
      return toTenantAssignment(entry, entry.properties, where);
    });
    const nextLink = optionalString(data, "nextLink", () => file);
    return { assignments, ...(nextLink ? { nextLink } : {}) };
  }
  // `az role assignment show` and documentation samples print a single assignment.
  if (typeof data.principalId === "string") {
    return { assignments: [adoptAzEntry(data, () => file)] };
  }
  throw new ExportFormatError(`${file}: no role assignments found; ${HINT}`);
}
