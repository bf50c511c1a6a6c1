/**
 * program/state.ts: what an update does to each URN of a deployed stack, decided as the engine and the
 * providers decide it. Small planned/deployed pairs, one rule per case.
 */

import assert from "node:assert/strict";
import { INVITATION_TYPE, ROLE_ASSIGNMENT_TYPE, GUEST_COMPONENT_TYPE } from "../../azure/tokens";
import { roleAssignmentName } from "../../azure/names";
import { UNKNOWN } from "../../azure/unknown";
import {
  compareWithState,
  countChanges,
  type ChangeKind,
  type PlannedResource,
} from "../../review/state";
import type { DeployedResource } from "../../review/state-file";

const P = "urn:pulumi:dev::guest-access::";
const GUEST = `${P}${GUEST_COMPONENT_TYPE}::ann@contoso.example`;
const INVITATION = `${P}${GUEST_COMPONENT_TYPE}$${INVITATION_TYPE}::ann@contoso.example-invitation`;
const GRANT = `${P}${GUEST_COMPONENT_TYPE}$${ROLE_ASSIGNMENT_TYPE}::ann@contoso.example-grant-abc`;
const USER = "11111111-2222-4333-8444-555555555555";
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const SCOPE = "/subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b/resourceGroups/shop-prod";
const COSMETIC = ["userDisplayName", "message", "redirectUrl"];

const invitationInputs = {
  userEmailAddress: "ann@contoso.example",
  userType: "Guest",
  userDisplayName: "Ann",
  redirectUrl: "https://portal.azure.com",
};
const grantInputs = {
  principalId: USER,
  principalType: "User",
  roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
  scope: SCOPE,
  roleAssignmentName: roleAssignmentName(SCOPE, USER, READER),
  description: "guest-access: ann@contoso.example",
};

function planned(
  urn: string,
  type: string,
  inputs: Record<string, unknown>,
  extra: Partial<PlannedResource> = {},
): PlannedResource {
  return {
    urn,
    type,
    name: urn.split("::").pop() as string,
    custom: type !== GUEST_COMPONENT_TYPE,
    inputs,
    propertyDependencies: {},
    options: { ignoreChanges: type === INVITATION_TYPE ? COSMETIC : [] },
    ...extra,
  };
}

function deployed(
  urn: string,
  type: string,
  inputs: Record<string, unknown>,
  extra: Partial<DeployedResource> = {},
): DeployedResource {
  return {
    urn,
    type,
    custom: type !== GUEST_COMPONENT_TYPE,
    inputs,
    outputs: inputs,
    retainOnDelete: false,
    protect: false,
    ...extra,
  };
}

/** A preview's role assignment of an invited guest: principal and name unknown, depending on the invitation. */
const previewGrant = planned(
  GRANT,
  ROLE_ASSIGNMENT_TYPE,
  { ...grantInputs, principalId: UNKNOWN, roleAssignmentName: UNKNOWN },
  { propertyDependencies: { principalId: [INVITATION], roleAssignmentName: [INVITATION] } },
);

interface Case {
  readonly name: string;
  readonly planned: PlannedResource[];
  readonly deployed: DeployedResource[];
  readonly urn: string;
  readonly kind: ChangeKind;
  readonly destructive?: boolean;
  readonly changedInputs?: string[];
}

const cases: Case[] = [
  {
    name: "creates what is planned and not deployed",
    planned: [planned(GRANT, ROLE_ASSIGNMENT_TYPE, grantInputs)],
    deployed: [],
    urn: GRANT,
    kind: "create",
  },
  {
    name: "leaves an identical role assignment alone",
    planned: [planned(GRANT, ROLE_ASSIGNMENT_TYPE, grantInputs)],
    deployed: [deployed(GRANT, ROLE_ASSIGNMENT_TYPE, grantInputs)],
    urn: GRANT,
    kind: "same",
  },
  {
    name: "compares role definition IDs by GUID and scopes without case, as ARM returns them",
    planned: [planned(GRANT, ROLE_ASSIGNMENT_TYPE, grantInputs)],
    deployed: [
      deployed(GRANT, ROLE_ASSIGNMENT_TYPE, {
        ...grantInputs,
        roleDefinitionId: `/subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b/providers/Microsoft.Authorization/roleDefinitions/${READER.toUpperCase()}`,
        scope: SCOPE.toUpperCase(),
      }),
    ],
    urn: GRANT,
    kind: "same",
  },
  {
    name: "updates a role assignment whose description changed, in place",
    planned: [planned(GRANT, ROLE_ASSIGNMENT_TYPE, grantInputs)],
    deployed: [deployed(GRANT, ROLE_ASSIGNMENT_TYPE, { ...grantInputs, description: "old text" })],
    urn: GRANT,
    kind: "update",
    changedInputs: ["description"],
  },
  {
    name: "replaces a role assignment whose scope changed",
    planned: [planned(GRANT, ROLE_ASSIGNMENT_TYPE, grantInputs)],
    deployed: [deployed(GRANT, ROLE_ASSIGNMENT_TYPE, { ...grantInputs, scope: `${SCOPE}-old` })],
    urn: GRANT,
    kind: "replace",
    destructive: false,
    changedInputs: ["scope"],
  },
  {
    name: "replaces a role assignment whose role changed",
    planned: [planned(GRANT, ROLE_ASSIGNMENT_TYPE, grantInputs)],
    deployed: [
      deployed(GRANT, ROLE_ASSIGNMENT_TYPE, {
        ...grantInputs,
        roleDefinitionId:
          "/providers/Microsoft.Authorization/roleDefinitions/43d0d8ad-25c7-4714-9337-8ba259a9fe05",
      }),
    ],
    urn: GRANT,
    kind: "replace",
    changedInputs: ["roleDefinitionId"],
  },
  {
    name: "takes an unknown principal as the deployed one when the invitation is kept",
    planned: [planned(INVITATION, INVITATION_TYPE, invitationInputs), previewGrant],
    deployed: [
      deployed(INVITATION, INVITATION_TYPE, invitationInputs),
      deployed(GRANT, ROLE_ASSIGNMENT_TYPE, grantInputs),
    ],
    urn: GRANT,
    kind: "same",
  },
  {
    name: "replaces a role assignment whose principal is unknown because the invitation is replaced",
    planned: [planned(INVITATION, INVITATION_TYPE, invitationInputs), previewGrant],
    deployed: [
      deployed(INVITATION, INVITATION_TYPE, { ...invitationInputs, userType: "Member" }),
      deployed(GRANT, ROLE_ASSIGNMENT_TYPE, grantInputs),
    ],
    urn: GRANT,
    kind: "replace",
    changedInputs: ["principalId", "roleAssignmentName"],
  },
  {
    name: "ignores the invitation's cosmetic inputs (ignoreChanges) and the bridge's __defaults",
    planned: [planned(INVITATION, INVITATION_TYPE, invitationInputs)],
    deployed: [
      deployed(INVITATION, INVITATION_TYPE, {
        ...invitationInputs,
        userDisplayName: "Ann L.",
        __defaults: [],
      }),
    ],
    urn: INVITATION,
    kind: "same",
  },
  {
    name: "flags replacing an invitation as destructive: it deletes the user",
    planned: [planned(INVITATION, INVITATION_TYPE, invitationInputs)],
    deployed: [deployed(INVITATION, INVITATION_TYPE, { ...invitationInputs, userType: "Member" })],
    urn: INVITATION,
    kind: "replace",
    destructive: true,
    changedInputs: ["userType"],
  },
  {
    name: "flags replacing a retained invitation too: the guest gets a new account and loses the old one's grants",
    planned: [planned(INVITATION, INVITATION_TYPE, invitationInputs)],
    deployed: [
      deployed(
        INVITATION,
        INVITATION_TYPE,
        { ...invitationInputs, userType: "Member" },
        { retainOnDelete: true },
      ),
    ],
    urn: INVITATION,
    kind: "replace",
    destructive: true,
  },
  {
    name: "flags deleting an invitation without retainOnDelete as destructive",
    planned: [],
    deployed: [deployed(INVITATION, INVITATION_TYPE, invitationInputs)],
    urn: INVITATION,
    kind: "delete",
    destructive: true,
  },
  {
    name: "deletes a retained invitation from the stack only, keeping the account",
    planned: [],
    deployed: [deployed(INVITATION, INVITATION_TYPE, invitationInputs, { retainOnDelete: true })],
    urn: INVITATION,
    kind: "delete",
    destructive: false,
  },
  {
    name: "deletes a role assignment no longer planned (a revoked grant), not destructively",
    planned: [],
    deployed: [deployed(GRANT, ROLE_ASSIGNMENT_TYPE, grantInputs)],
    urn: GRANT,
    kind: "delete",
    destructive: false,
  },
  {
    name: "reports a component whose inputs changed as an update",
    planned: [
      planned(GUEST, GUEST_COMPONENT_TYPE, { email: "ann@contoso.example", reason: "new" }),
    ],
    deployed: [
      deployed(GUEST, GUEST_COMPONENT_TYPE, { email: "ann@contoso.example", reason: "old" }),
    ],
    urn: GUEST,
    kind: "update",
    changedInputs: ["reason"],
  },
];

describe("program/state: comparing a plan with a deployed stack", () => {
  for (const c of cases) {
    it(c.name, () => {
      const changes = compareWithState(c.planned, c.deployed);
      const change = changes.find((x) => x.urn === c.urn);
      assert.ok(change, `no change for ${c.urn}`);
      assert.equal(change.kind, c.kind);
      if (c.destructive !== undefined) assert.equal(change.destructive, c.destructive);
      if (c.changedInputs) assert.deepEqual(change.changedInputs, c.changedInputs);
    });
  }

  it("leaves the engine's own stack and provider resources out", () => {
    const changes = compareWithState(
      [],
      [
        deployed(`${P}pulumi:pulumi:Stack::guest-access-dev`, "pulumi:pulumi:Stack", {}),
        deployed(`${P}pulumi:providers:azuread::default`, "pulumi:providers:azuread", {}),
      ],
    );
    assert.deepEqual(changes, []);
  });

  it("sorts changes by URN and counts each kind", () => {
    const changes = compareWithState(
      [planned(GRANT, ROLE_ASSIGNMENT_TYPE, grantInputs)],
      [deployed(INVITATION, INVITATION_TYPE, invitationInputs)],
    );
    assert.deepEqual(
      changes.map((c) => c.urn),
      [...changes.map((c) => c.urn)].sort(),
    );
    assert.deepEqual(countChanges(changes), {
      create: 1,
      update: 0,
      replace: 0,
      delete: 1,
      same: 0,
      destructive: 1,
    });
  });
});
