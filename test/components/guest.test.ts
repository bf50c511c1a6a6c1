import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { Guest } from "../../components/guest";
import { captureProgram, type CapturedResource } from "../../program/capture";
import { UNKNOWN } from "../../azure/unknown";
import { grantResourceName, roleAssignmentName } from "../../azure/names";
import type { ExistingGuestSpec, GuestSpec, InvitedGuestSpec } from "../../access/model";
import { GUEST_COMPONENT_TYPE, INVITATION_TYPE, ROLE_ASSIGNMENT_TYPE } from "../../azure/tokens";

const SCOPE = "/subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b/resourceGroups/shop-prod";
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";

/** An invited guest's spec as access/ produces it; each test changes one thing. */
function spec(overrides: Partial<InvitedGuestSpec> = {}): InvitedGuestSpec {
  return {
    email: "alice@contoso.example",
    displayName: "Alice",
    sponsor: "bob@ourcorp.example",
    reason: "Audit",
    expires: "2027-03-31",
    invitation: { redirectUrl: "https://portal.azure.com", send: true, language: "de-DE" },
    onRemove: "keep-user",
    grants: [
      {
        key: `${READER} ${SCOPE}`,
        role: { id: READER, name: "Reader", builtIn: true },
        roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
        scope: SCOPE,
        expires: "2027-03-31",
        description: "guest-access: alice@contoso.example; reason: Audit",
      },
    ],
    ...overrides,
  };
}

/** The same guest as an existing user referenced by object id. */
function existing(objectId: string): ExistingGuestSpec {
  const { invitation, ...rest } = spec();
  void invitation;
  return { ...rest, objectId };
}

async function declare(guest: GuestSpec, preview = false): Promise<CapturedResource[]> {
  const { resources } = await captureProgram({ stack: "test", preview, config: {} }, () => {
    new Guest(guest.email, guest);
    return Promise.resolve();
  });
  return resources;
}

/** The value of an output, as a promise (rejected when the output's computation threw). */
function outputValue<T>(output: pulumi.Output<T>): Promise<T> {
  // `promise()` is the SDK's internal accessor; it is what awaiting an output in a test is for.
  return (output as unknown as { promise(): Promise<T> }).promise();
}

/**
 * Declares a guest under mocks whose invitation comes back with `userId` (as after a refresh of an existing
 * invitation), and records the types the mocks were asked to create.
 */
async function declareWithInvitationUser(
  guest: GuestSpec,
  userId: string,
): Promise<{ declared: Guest; registered: string[] }> {
  const registered: string[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        registered.push(args.type);
        const state =
          args.type === INVITATION_TYPE
            ? { ...(args.inputs as Record<string, unknown>), userId }
            : (args.inputs as Record<string, unknown>);
        return { id: `${args.name}-id`, state };
      },
      call() {
        throw new Error("no calls expected");
      },
    },
    "guest-access",
    "test",
    false,
  );
  const declared = new Guest(guest.email, guest);
  // Let the registrations that can proceed finish before looking at what was created.
  await new Promise((resolve) => setTimeout(resolve, 50));
  return { declared, registered };
}

function one(resources: CapturedResource[], type: string): CapturedResource {
  const found = resources.filter((r) => r.type === type);
  assert.equal(found.length, 1, `expected one ${type}, got ${found.length}`);
  return found[0] as CapturedResource;
}

describe("the Guest component", () => {
  it("registers the component, an invitation and one role assignment per grant, all named from the email", async () => {
    const guest = spec();
    const resources = await declare(guest);
    const grantName = grantResourceName("alice@contoso.example", `${READER} ${SCOPE}`);
    assert.match(grantName, /^alice@contoso\.example-grant-[0-9a-f]{12}$/);
    assert.deepEqual(
      resources.map((r) => `${r.type}::${r.name}`).sort(),
      [
        `${INVITATION_TYPE}::alice@contoso.example-invitation`,
        `${ROLE_ASSIGNMENT_TYPE}::${grantName}`,
        `${GUEST_COMPONENT_TYPE}::alice@contoso.example`,
      ].sort(),
    );
    const component = one(resources, GUEST_COMPONENT_TYPE);
    for (const child of resources.filter((r) => r.custom))
      assert.equal(child.parent, component.urn);
  });

  it("passes the spec to the component as plain inputs that policies can read", async () => {
    const component = one(await declare(spec()), GUEST_COMPONENT_TYPE);
    assert.equal(component.inputs.sponsor, "bob@ourcorp.example");
    assert.equal(component.inputs.reason, "Audit");
    assert.equal((component.inputs.grants as { expires: string }[])[0]?.expires, "2027-03-31");
  });

  const declarations: {
    name: string;
    guest: () => GuestSpec;
    preview: boolean;
    outputs: Record<string, unknown>;
  }[] = [
    {
      name: "declares an invited guest in its outputs: email, grants and a principal still unknown in preview",
      guest: () => spec(),
      preview: true,
      outputs: {
        email: "alice@contoso.example",
        grants: [{ key: `${READER} ${SCOPE}`, roleId: READER, scope: SCOPE }],
        invited: true,
        principalId: UNKNOWN,
      },
    },
    {
      name: "declares an existing user in its outputs: its objectId, which is also its principal",
      guest: () => existing("2b7e4c1a-9d3f-4a6b-8e2c-5f1d7a9b3c4e"),
      preview: false,
      outputs: {
        email: "alice@contoso.example",
        grants: [{ key: `${READER} ${SCOPE}`, roleId: READER, scope: SCOPE }],
        invited: false,
        objectId: "2b7e4c1a-9d3f-4a6b-8e2c-5f1d7a9b3c4e",
        principalId: "2b7e4c1a-9d3f-4a6b-8e2c-5f1d7a9b3c4e",
      },
    },
  ];
  for (const c of declarations) {
    it(c.name, async () => {
      const component = one(await declare(c.guest(), c.preview), GUEST_COMPONENT_TYPE);
      assert.deepEqual(component.outputs, c.outputs);
    });
  }

  it("keeps its inputs the spec itself: the outputs add to them, never change them", async () => {
    const guest = spec();
    const component = one(await declare(guest), GUEST_COMPONENT_TYPE);
    assert.deepEqual(component.inputs, JSON.parse(JSON.stringify(guest)));
  });

  it("refuses a name other than the guest's normalised email, which names every child", async () => {
    await assert.rejects(
      captureProgram({ stack: "test", preview: true, config: {} }, () => {
        new Guest("alice", spec());
        return Promise.resolve();
      }),
      /a Guest is named by its normalised email alice@contoso\.example, not alice/,
    );
  });

  it("invites with the email, as a Guest, and keeps the redeem URL secret", async () => {
    const invitation = one(await declare(spec()), INVITATION_TYPE);
    assert.equal(invitation.inputs.userEmailAddress, "alice@contoso.example");
    assert.equal(invitation.inputs.userType, "Guest");
    assert.equal(invitation.inputs.redirectUrl, "https://portal.azure.com");
    assert.deepEqual(invitation.options.additionalSecretOutputs, ["redeemUrl"]);
  });

  it("never diffs the cosmetic inputs nor the email of an invitation, whose replacement deletes the user", async () => {
    // A refresh overwrites userEmailAddress with Graph's mail (issue 8): it must not re-invite the guest.
    const invitation = one(await declare(spec()), INVITATION_TYPE);
    assert.deepEqual([...invitation.options.ignoreChanges].sort(), [
      "message",
      "redirectUrl",
      "userDisplayName",
      "userEmailAddress",
    ]);
  });

  it("makes a guest whose email changed a new guest: a new URN, not an update of the old invitation", async () => {
    const before = one(await declare(spec()), INVITATION_TYPE);
    const after = one(
      await declare(spec({ email: "alice.moreau@contoso.example" })),
      INVITATION_TYPE,
    );
    assert.notEqual(after.urn, before.urn);
    assert.equal(after.inputs.userEmailAddress, "alice.moreau@contoso.example");
  });

  it("never diffs the form of a role definition ID: the role is part of the grant's name", async () => {
    const assignment = one(await declare(spec()), ROLE_ASSIGNMENT_TYPE);
    assert.deepEqual(assignment.options.ignoreChanges, ["roleDefinitionId"]);
  });

  const messageCases = [
    {
      name: "sends Microsoft's text in the chosen language",
      invitation: { send: true, language: "de-DE" },
      message: { language: "de-DE" },
    },
    {
      name: "sends a custom message with its cc",
      invitation: { send: true, message: "Hi", cc: "dana@ourcorp.example" },
      message: { body: "Hi", additionalRecipients: "dana@ourcorp.example" },
    },
    {
      name: "names en-US when sending with neither message nor language",
      invitation: { send: true },
      message: { language: "en-US" },
    },
    {
      name: "sets no message block when sending is off, so no email goes out",
      invitation: { send: false, language: "de-DE" },
      message: undefined,
    },
  ];
  for (const c of messageCases) {
    it(c.name, async () => {
      const invitation = one(
        await declare(
          spec({ invitation: { redirectUrl: "https://portal.azure.com", ...c.invitation } }),
        ),
        INVITATION_TYPE,
      );
      assert.deepEqual(invitation.inputs.message, c.message);
    });
  }

  it("retains the account on delete when onRemove is keep-user", async () => {
    assert.equal(
      one(await declare(spec({ onRemove: "keep-user" })), INVITATION_TYPE).options.retainOnDelete,
      true,
    );
  });

  it("lets the account be deleted with the invitation when onRemove is delete-user", async () => {
    assert.equal(
      one(await declare(spec({ onRemove: "delete-user" })), INVITATION_TYPE).options.retainOnDelete,
      false,
    );
  });

  it("creates no invitation for an existing user and assigns roles to its object id", async () => {
    const objectId = "2b7e4c1a-9d3f-4a6b-8e2c-5f1d7a9b3c4e";
    const resources = await declare(existing(objectId));
    assert.equal(resources.filter((r) => r.type === INVITATION_TYPE).length, 0);
    const assignment = one(resources, ROLE_ASSIGNMENT_TYPE);
    assert.equal(assignment.inputs.principalId, objectId);
    assert.equal(assignment.inputs.roleAssignmentName, roleAssignmentName(SCOPE, objectId, READER));
  });

  it("assigns the role to a User principal, with the full role definition id, scope and description", async () => {
    const assignment = one(await declare(spec()), ROLE_ASSIGNMENT_TYPE);
    assert.equal(assignment.inputs.principalType, "User");
    assert.equal(
      assignment.inputs.roleDefinitionId,
      `/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
    );
    assert.equal(assignment.inputs.scope, SCOPE);
    assert.equal(
      assignment.inputs.description,
      "guest-access: alice@contoso.example; reason: Audit",
    );
  });

  it("names the role assignment with a UUIDv5 of scope, principal and role", async () => {
    const resources = await declare(spec());
    const assignment = one(resources, ROLE_ASSIGNMENT_TYPE);
    assert.match(String(assignment.inputs.principalId), /^[0-9a-f-]{36}$/);
    assert.equal(
      assignment.inputs.roleAssignmentName,
      roleAssignmentName(SCOPE, String(assignment.inputs.principalId), READER),
    );
  });

  it("stops, naming the guest and the recovery, when a refresh left the invitation without a user (issue 8)", async () => {
    // terraform-provider-azuread v3.8.0 invitationResourceRead: a deleted user leaves `user_id = ""`.
    const { declared, registered } = await declareWithInvitationUser(spec(), "");
    await assert.rejects(
      () => outputValue(declared.principalId),
      (error: Error) => {
        assert.match(
          error.message,
          /guest alice@contoso\.example: the invited user no longer exists/,
        );
        const urn =
          "'urn:pulumi:test::guest-access::guest-access:index:Guest$azuread:index/invitation:Invitation::alice@contoso.example-invitation'";
        assert.ok(
          error.message.includes(
            `pulumi up --stack test --target-replace ${urn} --target-dependents`,
          ),
        );
        assert.ok(
          error.message.includes(
            `pulumi state delete --stack test ${urn} --target-dependents && pulumi up --stack test`,
          ),
        );
        return true;
      },
    );
    assert.deepEqual(
      registered.filter((type) => type === ROLE_ASSIGNMENT_TYPE),
      [],
      "no role assignment may be registered with an empty principal",
    );
  });

  it("uses a refreshed invitation's user as the principal when the user still exists", async () => {
    const userId = "5d2c7e1a-3b4f-4a6d-9e8c-1f2a3b4c5d6e";
    const { declared, registered } = await declareWithInvitationUser(spec(), userId);
    assert.equal(await outputValue(declared.principalId), userId);
    assert.ok(registered.includes(ROLE_ASSIGNMENT_TYPE));
  });

  it("in preview, leaves a new guest's principal unknown but records that it depends on the invitation", async () => {
    const resources = await declare(spec(), true);
    const invitation = one(resources, INVITATION_TYPE);
    const assignment = one(resources, ROLE_ASSIGNMENT_TYPE);
    assert.equal(assignment.inputs.principalId, UNKNOWN);
    assert.deepEqual(assignment.propertyDependencies.principalId, [invitation.urn]);
  });
});
