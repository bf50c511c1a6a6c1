/**
 * review/state-file.ts: a `pulumi stack export` read into resources and pending operations, refused when it
 * is no export, another deployment version, or another stack's or project's.
 */

import assert from "node:assert/strict";
import { GUEST_COMPONENT_TYPE, INVITATION_TYPE } from "../../azure/tokens";
import { parseStackExport, StackExportError } from "../../review/state-file";

const OWNER = { stack: "dev", project: "guest-access" };
const INVITATION = `urn:pulumi:dev::guest-access::${GUEST_COMPONENT_TYPE}$${INVITATION_TYPE}::ann@contoso.example-invitation`;

/** An export of one invitation whose URN is `urn`. */
function exportOf(urn: string): unknown {
  return { version: 3, deployment: { resources: [{ urn, type: INVITATION_TYPE }] } };
}

describe("review/state-file: reading a stack export", () => {
  const bad: { name: string; data: unknown; message: RegExp }[] = [
    {
      name: "refuses a file that is no stack export",
      data: { resources: [] },
      message: /not a stack export/,
    },
    {
      name: "refuses another deployment version",
      data: { version: 2, deployment: {} },
      message: /version 2/,
    },
    {
      name: "refuses a resource without a URN",
      data: { version: 3, deployment: { resources: [{ type: "x" }] } },
      message: /resources\[0\]/,
    },
    {
      name: "refuses another stack's export, naming the stack it belongs to",
      data: exportOf(INVITATION.replace("urn:pulumi:dev::", "urn:pulumi:prod::")),
      message:
        /belongs to stack "prod" of project "guest-access", not to stack "dev" of project "guest-access".*--stack prod/,
    },
    {
      name: "refuses another project's export of a stack of the same name",
      data: exportOf(INVITATION.replace("::guest-access::", "::other-project::")),
      message: /belongs to stack "dev" of project "other-project"/,
    },
    {
      name: "refuses an export whose later resource is another stack's",
      data: {
        version: 3,
        deployment: {
          resources: [
            { urn: INVITATION, type: INVITATION_TYPE },
            { urn: INVITATION.replace(":dev::", ":prod::"), type: INVITATION_TYPE },
          ],
        },
      },
      message: /resources\[1\]/,
    },
    {
      name: "refuses a URN that is no Pulumi URN",
      data: exportOf("ann@contoso.example-invitation"),
      message: /is not a Pulumi URN; expected urn:pulumi:dev::guest-access::/,
    },
  ];
  for (const c of bad) {
    it(c.name, () =>
      assert.throws(
        () => parseStackExport(c.data, OWNER, "state.json"),
        (e: unknown) => e instanceof StackExportError && c.message.test(e.message),
      ),
    );
  }

  it("accepts an export without resources: a stack never deployed", () => {
    assert.deepEqual(parseStackExport({ version: 3, deployment: {} }, OWNER), {
      resources: [],
      pendingOperations: [],
    });
  });

  it("reads retainOnDelete and inputs, defaulting what is absent", () => {
    const [r] = parseStackExport(
      {
        version: 3,
        deployment: {
          resources: [
            { urn: INVITATION, type: INVITATION_TYPE, custom: true, retainOnDelete: true },
          ],
        },
      },
      OWNER,
    ).resources;
    assert.deepEqual(r, {
      urn: INVITATION,
      type: INVITATION_TYPE,
      custom: true,
      inputs: {},
      outputs: {},
      retainOnDelete: true,
      protect: false,
      pendingDeletion: false,
      taint: false,
      initErrors: [],
      pendingReplacement: false,
    });
  });
});
