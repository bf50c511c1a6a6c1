/**
 * The `Group` component under Pulumi's mocks: one security group and a role assignment per grant for the
 * group as principal; and a guest's memberships, each one `GroupMember` under the guest, linked to its
 * group's object id. In update mode the mocks give the group an object id, so the names derived from it are
 * checked as values.
 */

import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { Group } from "../../components/group";
import { Guest } from "../../components/guest";
import { captureProgram, type CapturedResource } from "../../program/capture";
import { roleAssignmentName } from "../../azure/names";
import type { GroupSpec, InvitedGuestSpec } from "../../access/model";
import {
  GROUP_COMPONENT_TYPE,
  GROUP_MEMBER_TYPE,
  GROUP_TYPE,
  ROLE_ASSIGNMENT_TYPE,
  STACK_REFERENCE_TYPE,
} from "../../azure/tokens";
import { specId } from "../../specs/resource";
import { UNKNOWN } from "../../azure/unknown";

const SCOPE = "/subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b/resourceGroups/shop-prod";
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";

const GROUP: GroupSpec = {
  name: "auditors",
  displayName: "guest-access-auditors",
  description:
    "guest-access: groups.auditors of the access declaration; sponsor: bob@ourcorp.example",
  sponsor: "bob@ourcorp.example",
  reason: "Audit",
  grants: [
    {
      key: `${READER} ${SCOPE}`,
      role: { id: READER, name: "Reader", builtIn: true },
      roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
      scope: SCOPE,
      description: "guest-access: group auditors; reason: Audit; sponsor: bob@ourcorp.example",
    },
  ],
};

const ALICE: InvitedGuestSpec = {
  email: "alice@contoso.example",
  displayName: "Alice",
  sponsor: "bob@ourcorp.example",
  reason: "Audit",
  expires: "2027-03-31",
  invitation: { redirectUrl: "https://portal.azure.com", send: true },
  onRemove: "keep-user",
  grants: [],
  memberOf: ["auditors"],
};

async function declare(preview: boolean): Promise<CapturedResource[]> {
  const { resources } = await captureProgram({ stack: "test", preview, config: {} }, async () => {
    const group = new Group(GROUP.name, GROUP);
    await new Promise<void>((resolve) => group.registered.apply(() => resolve()));
    new Guest(ALICE.email, ALICE, undefined, group.resources);
  });
  return resources;
}

function one(resources: readonly CapturedResource[], type: string): CapturedResource {
  const found = resources.filter((r) => r.type === type);
  assert.equal(found.length, 1, `one ${type}`);
  return found[0] as CapturedResource;
}

describe("the Group component", () => {
  it("registers a security group without mail, refusing a duplicate name, under the component", async () => {
    const resources = await declare(true);
    const component = one(resources, GROUP_COMPONENT_TYPE);
    const group = one(resources, GROUP_TYPE);
    assert.equal(group.parent, component.urn);
    assert.equal(group.name, "auditors-group");
    assert.deepEqual(group.inputs, {
      description: GROUP.description,
      displayName: "guest-access-auditors",
      mailEnabled: false,
      preventDuplicateNames: true,
      securityEnabled: true,
    });
    assert.deepEqual(group.options.ignoreChanges, []);
    assert.equal(group.options.retainOnDelete, false);
  });

  it("registers one role assignment per grant for the group, of principal type Group", async () => {
    const resources = await declare(true);
    const grant = one(resources, ROLE_ASSIGNMENT_TYPE);
    assert.equal(grant.parent, one(resources, GROUP_COMPONENT_TYPE).urn);
    assert.equal(grant.inputs.principalType, "Group");
    assert.equal(grant.inputs.principalId, UNKNOWN);
    assert.deepEqual(grant.propertyDependencies.principalId, [one(resources, GROUP_TYPE).urn]);
  });

  it("names the group's role assignment from the group's object id once it is known", async () => {
    const resources = await declare(false);
    const grant = one(resources, ROLE_ASSIGNMENT_TYPE);
    const objectId = grant.inputs.principalId as string;
    assert.match(objectId, /^[0-9a-f-]{36}$/);
    assert.equal(grant.inputs.roleAssignmentName, roleAssignmentName(SCOPE, objectId, READER));
  });

  it("registers a guest's membership under the guest, linked to the group and to the guest's user", async () => {
    const resources = await declare(false);
    const member = one(resources, GROUP_MEMBER_TYPE);
    const guest = resources.find((r) => r.name === ALICE.email);
    assert.equal(member.parent, guest?.urn);
    assert.equal(member.name, "alice@contoso.example-member-auditors");
    assert.equal(
      member.inputs.groupObjectId,
      one(resources, ROLE_ASSIGNMENT_TYPE).inputs.principalId,
    );
    assert.deepEqual(member.propertyDependencies.groupObjectId, [one(resources, GROUP_TYPE).urn]);
    assert.match(member.propertyDependencies.memberObjectId?.[0] ?? "", /Invitation::alice/);
  });

  it("declares what it holds as its outputs, for the stack policies", async () => {
    const resources = await declare(true);
    const component = one(resources, GROUP_COMPONENT_TYPE);
    assert.deepEqual(component.outputs, {
      grants: [{ key: `${READER} ${SCOPE}`, roleId: READER, scope: SCOPE }],
      group: "auditors",
      objectId: UNKNOWN,
    });
  });

  it("in a grants stack, registers only its role assignments, for the object id the identities stack exports", async () => {
    const stack = "our-org/guest-access/identities";
    const objectId = "6e8d2f3b-4c5a-4d7e-9f0a-1b2c3d4e5f6a";
    const { resources } = await captureProgram(
      {
        stack: "shop",
        preview: false,
        config: {},
        stackOutputs: { [stack]: { groupIds: { auditors: objectId } } },
      },
      async () => {
        const reference = new pulumi.StackReference(stack);
        const group = new Group(GROUP.name, GROUP, undefined, {
          source: { from: specId(STACK_REFERENCE_TYPE, stack), stack, output: "groupIds" },
          reference,
        });
        await new Promise<void>((resolve) => group.registered.apply(() => resolve()));
      },
    );
    assert.equal(resources.filter((r) => r.type === GROUP_TYPE).length, 0);
    const grant = one(resources, ROLE_ASSIGNMENT_TYPE);
    assert.equal(grant.parent, one(resources, GROUP_COMPONENT_TYPE).urn);
    assert.equal(grant.inputs.principalId, objectId);
    assert.equal(grant.inputs.roleAssignmentName, roleAssignmentName(SCOPE, objectId, READER));
    assert.deepEqual(grant.propertyDependencies.principalId, [
      one(resources, STACK_REFERENCE_TYPE).urn,
    ]);
    assert.deepEqual(one(resources, GROUP_COMPONENT_TYPE).outputs, {
      grants: [{ key: `${READER} ${SCOPE}`, roleId: READER, scope: SCOPE }],
      group: "auditors",
      identitiesStack: stack,
      objectId,
    });
  });
});
