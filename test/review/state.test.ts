/**
 * review/state.ts: what an update does to each URN of a deployed stack, decided as the engine and the
 * providers decide it, and what in the stack needs attention. Small planned/deployed pairs, one rule per case.
 */

import assert from "node:assert/strict";
import { INVITATION_TYPE, ROLE_ASSIGNMENT_TYPE, GUEST_COMPONENT_TYPE } from "../../azure/tokens";
import { roleAssignmentName } from "../../azure/names";
import { UNKNOWN } from "../../azure/unknown";
import {
  compareWithState as compareStack,
  countChanges,
  type ChangeKind,
  type PlannedResource,
  type ResourceChange,
} from "../../review/state";
import { ENCRYPTED, type DeployedResource } from "../../review/state-file";

const P = "urn:pulumi:dev::guest-access::";
const GUEST = `${P}${GUEST_COMPONENT_TYPE}::ann@contoso.example`;
const INVITATION = `${P}${GUEST_COMPONENT_TYPE}$${INVITATION_TYPE}::ann@contoso.example-invitation`;
const GRANT = `${P}${GUEST_COMPONENT_TYPE}$${ROLE_ASSIGNMENT_TYPE}::ann@contoso.example-grant-abc`;
const USER = "11111111-2222-4333-8444-555555555555";
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const SCOPE = "/subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b/resourceGroups/shop-prod";
const IGNORED = ["userDisplayName", "message", "redirectUrl", "userEmailAddress"];

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
    options: { ignoreChanges: type === INVITATION_TYPE ? IGNORED : [] },
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
    pendingDeletion: false,
    taint: false,
    initErrors: [],
    pendingReplacement: false,
    ...extra,
  };
}

/** The changes for a list of deployed resources without pending operations. */
function compareWithState(
  plan: readonly PlannedResource[],
  resources: readonly DeployedResource[],
): readonly ResourceChange[] {
  return compareStack(plan, { resources, pendingOperations: [] }).changes;
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
    // pulumi-azure-native replacement.go forces new on principalId and scope only, and the path parameters:
    // a role definition ID is updated in place (the program never changes it for one URN: see ignoreChanges).
    name: "updates in place a role assignment whose role definition ID changed, as azure-native does",
    planned: [planned(GRANT, ROLE_ASSIGNMENT_TYPE, grantInputs)],
    deployed: [
      deployed(GRANT, ROLE_ASSIGNMENT_TYPE, {
        ...grantInputs,
        roleDefinitionId:
          "/providers/Microsoft.Authorization/roleDefinitions/43d0d8ad-25c7-4714-9337-8ba259a9fe05",
      }),
    ],
    urn: GRANT,
    kind: "update",
    changedInputs: ["roleDefinitionId"],
  },
  {
    name: "treats the tenant and the subscription form of the same role as equal, even without ignoreChanges",
    planned: [
      planned(GRANT, ROLE_ASSIGNMENT_TYPE, {
        ...grantInputs,
        roleDefinitionId: `/subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
      }),
    ],
    deployed: [deployed(GRANT, ROLE_ASSIGNMENT_TYPE, grantInputs)],
    urn: GRANT,
    kind: "same",
  },
  {
    name: "ignores the azureApiVersion azure-native 3.x adds to the recorded inputs",
    planned: [planned(GRANT, ROLE_ASSIGNMENT_TYPE, grantInputs)],
    deployed: [
      deployed(GRANT, ROLE_ASSIGNMENT_TYPE, { ...grantInputs, azureApiVersion: "2022-04-01" }),
    ],
    urn: GRANT,
    kind: "same",
  },
  {
    name: "still sees an input the program stopped setting, as the engine does",
    planned: [planned(GRANT, ROLE_ASSIGNMENT_TYPE, { ...grantInputs, description: undefined })],
    deployed: [deployed(GRANT, ROLE_ASSIGNMENT_TYPE, grantInputs)],
    urn: GRANT,
    kind: "update",
    changedInputs: ["description"],
  },
  {
    name: "ignores the bridge's __defaults inside an invitation's message block",
    planned: [
      planned(
        INVITATION,
        INVITATION_TYPE,
        { ...invitationInputs, message: { language: "en-US" } },
        { options: { ignoreChanges: [] } },
      ),
    ],
    deployed: [
      deployed(INVITATION, INVITATION_TYPE, {
        ...invitationInputs,
        __defaults: [],
        message: { __defaults: [], language: "en-US" },
      }),
    ],
    urn: INVITATION,
    kind: "same",
  },
  {
    name: "does not replace an invitation whose email a refresh overwrote with Graph's mail (ignoreChanges)",
    planned: [planned(INVITATION, INVITATION_TYPE, invitationInputs)],
    deployed: [
      deployed(INVITATION, INVITATION_TYPE, {
        ...invitationInputs,
        userEmailAddress: "Ann@Contoso.example",
      }),
    ],
    urn: INVITATION,
    kind: "same",
  },
  {
    name: "does not compare an input the export holds only encrypted",
    planned: [planned(GRANT, ROLE_ASSIGNMENT_TYPE, grantInputs)],
    deployed: [deployed(GRANT, ROLE_ASSIGNMENT_TYPE, { ...grantInputs, description: ENCRYPTED })],
    urn: GRANT,
    kind: "same",
  },
  {
    name: "replaces a tainted role assignment, as the engine does",
    planned: [planned(GRANT, ROLE_ASSIGNMENT_TYPE, grantInputs)],
    deployed: [deployed(GRANT, ROLE_ASSIGNMENT_TYPE, grantInputs, { taint: true })],
    urn: GRANT,
    kind: "replace",
    destructive: false,
  },
  {
    name: "replaces a tainted invitation, destructively",
    planned: [planned(INVITATION, INVITATION_TYPE, invitationInputs)],
    deployed: [deployed(INVITATION, INVITATION_TYPE, invitationInputs, { taint: true })],
    urn: INVITATION,
    kind: "replace",
    destructive: true,
  },
  {
    name: "updates a role assignment with initialisation errors: the engine tries again",
    planned: [planned(GRANT, ROLE_ASSIGNMENT_TYPE, grantInputs)],
    deployed: [
      deployed(GRANT, ROLE_ASSIGNMENT_TYPE, grantInputs, {
        initErrors: ["context deadline exceeded"],
      }),
    ],
    urn: GRANT,
    kind: "update",
    changedInputs: [],
  },
  {
    name: "re-creates a role assignment that an interrupted delete-before-replace already deleted",
    planned: [planned(GRANT, ROLE_ASSIGNMENT_TYPE, grantInputs)],
    deployed: [deployed(GRANT, ROLE_ASSIGNMENT_TYPE, grantInputs, { pendingReplacement: true })],
    urn: GRANT,
    kind: "replace",
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

describe("review/state: comparing a plan with a deployed stack", () => {
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

  it("never takes the old copy awaiting deletion for the live resource that shares its URN", () => {
    // The engine appends the base snapshot's resources after the new ones: the old copy comes last.
    const changes = compareWithState(
      [planned(INVITATION, INVITATION_TYPE, invitationInputs)],
      [
        deployed(INVITATION, INVITATION_TYPE, invitationInputs),
        deployed(
          INVITATION,
          INVITATION_TYPE,
          { ...invitationInputs, userType: "Member" },
          { pendingDeletion: true },
        ),
      ],
    );
    assert.deepEqual(
      changes.map((c) => [c.kind, c.pendingDeletion ?? false, c.destructive]),
      [
        ["same", false, false],
        ["delete", true, true],
      ],
    );
    assert.match(
      changes[1]?.note ?? "",
      /old copy of a replaced resource.*deletes the guest's user account/,
    );
  });

  it("does not count a retained old copy awaiting deletion as destructive", () => {
    const changes = compareWithState(
      [],
      [
        deployed(INVITATION, INVITATION_TYPE, invitationInputs, {
          pendingDeletion: true,
          retainOnDelete: true,
        }),
      ],
    );
    assert.deepEqual(
      changes.map((c) => [c.kind, c.destructive]),
      [["delete", false]],
    );
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
