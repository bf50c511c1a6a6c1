/**
 * review/state-file.ts: a `pulumi stack export` read into resources and pending operations, refused when it
 * is no export, another deployment version, or another stack's or project's.
 */

import assert from "node:assert/strict";
import { GUEST_COMPONENT_TYPE, INVITATION_TYPE } from "../../azure/tokens";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ENCRYPTED, parseStackExport, StackExportError } from "../../review/state-file";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";

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

  it("reads a version 4 export with its engine marks and pending operations (small-incidents.json)", () => {
    const data: unknown = JSON.parse(
      readFileSync(join(__dirname, "../fixtures/state/small-incidents.json"), "utf8"),
    );
    const stack = parseStackExport(data, OWNER);
    const marked = stack.resources
      .filter((r) => r.pendingDeletion || r.taint || r.initErrors.length > 0)
      .map((r) => [r.urn.split("::").pop(), r.pendingDeletion, r.taint, r.initErrors.length]);
    assert.deepEqual(marked, [
      ["ben.ortiz@fabrikam.example-grant-d997572c42f5", false, true, 0],
      ["cy.dubois@fabrikam.example-grant-c1563936ecd4", false, false, 1],
      ["cy.dubois@fabrikam.example-invitation", true, false, 0],
    ]);
    assert.deepEqual(
      stack.pendingOperations.map((op) => [op.type, op.resource.urn.split("::").pop()]),
      [["creating", "ann.lee@contoso.example-grant-64f1d2a8c4b5"]],
    );
  });

  it("refuses a pending operation of another stack", () => {
    assert.throws(
      () =>
        parseStackExport(
          {
            version: 3,
            deployment: {
              pending_operations: [
                {
                  type: "creating",
                  resource: { urn: INVITATION.replace(":dev::", ":prod::"), type: INVITATION_TYPE },
                },
              ],
            },
          },
          OWNER,
          "state.json",
        ),
      /deployment\.pending_operations\[0\]\.resource: .*belongs|belongs to stack "prod"/,
    );
  });

  it("refuses a deployment version newer than the CLI writes", () => {
    assert.throws(
      () => parseStackExport({ version: 5, deployment: {} }, OWNER),
      /version 5 is not supported \(expected 3 or 4\)/,
    );
  });

  it("reveals an input secret exported with --show-secrets, and marks an encrypted one", () => {
    const [r] = parseStackExport(
      {
        version: 3,
        deployment: {
          resources: [
            {
              urn: INVITATION,
              type: INVITATION_TYPE,
              inputs: {
                userDisplayName: { [SIG]: SECRET, plaintext: JSON.stringify("Ann") },
                message: { [SIG]: SECRET, ciphertext: "v1:abc:def" },
              },
              outputs: { redeemUrl: { [SIG]: SECRET, ciphertext: "v1:abc:def" } },
            },
          ],
        },
      },
      OWNER,
    ).resources;
    assert.equal(r?.inputs.userDisplayName, "Ann");
    assert.equal(r?.inputs.message, ENCRYPTED);
    assert.deepEqual(r?.outputs.redeemUrl, { [SIG]: SECRET, ciphertext: "v1:abc:def" });
  });

  it("leaves out views, which their owner's steps manage", () => {
    const stack = parseStackExport(
      {
        version: 4,
        features: ["views"],
        deployment: {
          resources: [
            { urn: INVITATION, type: INVITATION_TYPE },
            { urn: `${INVITATION}-view`, type: INVITATION_TYPE, viewOf: INVITATION },
          ],
        },
      },
      OWNER,
    );
    assert.deepEqual(
      stack.resources.map((r) => r.urn),
      [INVITATION],
    );
  });
});
