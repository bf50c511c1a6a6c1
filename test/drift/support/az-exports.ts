/**
 * Entries of the az CLI exports drift reads, built for a test: `az role assignment list`, `az ad user list`
 * (also the users of `az ad group member list`) and `az ad group list`, in the shapes of the fixtures under
 * `test/fixtures/drift/` (whose provenance that folder's README gives), reduced to the fields drift reads.
 */

/** What an assignment says. */
export interface AssignmentEntry {
  /** The assignment's name (a GUID). */
  readonly name: string;
  readonly principalId: string;
  /** `User` unless given. */
  readonly principalType?: "User" | "Group";
  /** The role definition's GUID. */
  readonly roleId: string;
  /** The role's name, as az adds it. */
  readonly role: string;
  readonly scope: string;
  /** The subscription az writes role definition ids under. */
  readonly subscription: string;
}

/** One assignment as `az role assignment list` prints it. */
export function azAssignment(entry: AssignmentEntry) {
  return {
    id: `${entry.scope}/providers/Microsoft.Authorization/roleAssignments/${entry.name}`,
    name: entry.name,
    principalId: entry.principalId,
    principalType: entry.principalType ?? "User",
    roleDefinitionId: `${entry.subscription}/providers/Microsoft.Authorization/roleDefinitions/${entry.roleId}`,
    roleDefinitionName: entry.role,
    scope: entry.scope,
    type: "Microsoft.Authorization/roleAssignments",
  };
}

/** One guest user as `az ad user list` (or a group's `az ad group member list`) prints it. */
export function azGuestUser(id: string, email: string, name: string) {
  return {
    "@odata.type": "#microsoft.graph.user",
    id,
    displayName: name,
    mail: email,
    userPrincipalName: `${email.replace("@", "_")}#EXT#@ourcorp.onmicrosoft.com`,
  };
}

/** One declared group as `az ad group list` prints it: named and described as the program creates it. */
export function azDeclaredGroup(id: string, name: string) {
  return {
    id,
    displayName: `guest-access-${name}`,
    description: `guest-access: groups.${name} of the access declaration`,
    mailEnabled: false,
    securityEnabled: true,
    groupTypes: [],
  };
}
