// Who loses what in an expiry update, one row per grant revoked, read from the deployed stack itself: the
// deleted role assignment's scope and role, matched to the grant its Guest component was deployed with
// (`inputs.grants`: role name, scope name, last day). The plan's own report shows at most 100 rows per
// table; the expiry job's summary must name every person who loses access.
"use strict";

const { mdCell } = require("./markdown");

const GUEST = "guest-access:index:Guest";

/** The last path segment of a role definition id, lower-cased: the role's GUID. */
function roleGuid(roleDefinitionId) {
  return String(roleDefinitionId ?? "")
    .split("/")
    .pop()
    .toLowerCase();
}

/** The logical name at the end of a URN: the guest's email for a Guest component. */
function nameOf(urn) {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

/**
 * The grants the update revokes: for each role assignment URN in `urns` that the export holds, the guest
 * (its parent Guest's name), the role, the scope and the last day it was deployed with.
 */
function revokedGrants(exportData, urns) {
  const resources = exportData?.deployment?.resources ?? [];
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const rows = [];
  for (const urn of urns) {
    const assignment = byUrn.get(urn);
    if (!assignment || assignment.type === GUEST) continue;
    const guest = byUrn.get(assignment.parent ?? "");
    const inputs = assignment.inputs ?? {};
    const scope = String(inputs.scope ?? "");
    const grant = (guest?.inputs?.grants ?? []).find(
      (g) =>
        roleGuid(g.roleDefinitionId ?? g.role?.id) === roleGuid(inputs.roleDefinitionId) &&
        String(g.scope ?? "").toLowerCase() === scope.toLowerCase(),
    );
    rows.push({
      guest: guest ? nameOf(guest.urn) : String(inputs.principalId ?? "?"),
      role: grant?.role?.name ?? roleGuid(inputs.roleDefinitionId),
      scope: grant?.scopeName ?? scope,
      lastDay: grant?.expires ?? "",
    });
  }
  return rows.sort((a, b) => a.guest.localeCompare(b.guest) || a.role.localeCompare(b.role));
}

/** The rows as a markdown table, every cell escaped (names come from the declaration and the state). */
function revocationTable(rows) {
  return [
    "| Guest | Loses | On | Last day |",
    "| --- | --- | --- | --- |",
    ...rows.map((r) => `| ${[r.guest, r.role, r.scope, r.lastDay].map(mdCell).join(" | ")} |`),
  ].join("\n");
}

module.exports = { revokedGrants, revocationTable };
