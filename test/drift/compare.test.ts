/**
 * The drift core on small tenants built per case: how assignments and accounts are matched, and which
 * class each situation lands in.
 */

import { strict as assert } from "node:assert";
import fc from "fast-check";
import { normaliseEmail } from "../../access/email";
import { resolveSources } from "../../access/load";
import type { AccessModel } from "../../access/model";
import { parseSource } from "../../access/source";
import { RoleCatalog } from "../../azure/roles";
import { normaliseScope } from "../../azure/scope";
import { externalUpnEmail, normaliseTenantEmail } from "../../review/drift/directory";
import { normaliseTenantScope, tenantRoleId } from "../../review/drift/keys";
import { limiter } from "../../review/drift/live/limit";
import { coveringReads, namedScopes, narrowerReads } from "../../review/drift/live/scopes";
import type {
  DeployedInvitation,
  DriftReport,
  TenantAssignment,
  TenantUser,
} from "../../review/drift/model";
import { reviewDrift } from "../../review/drift/report";

const SUB = "/subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b";
const RG = `${SUB}/resourceGroups/shop-prod`;
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const ALICE = "a11ce000-0000-4000-8000-000000000001";
const TODAY = "2026-11-26";

function model(grantLines: string[], extra: string[] = []): AccessModel {
  const text = [
    "version: 1",
    "guests:",
    "  - email: alice@contoso.example",
    "    displayName: Alice",
    "    sponsor: bob@ourcorp.example",
    "    reason: Audit",
    ...extra,
    "    access:",
    ...grantLines.map((l) => `      - ${l}`),
  ].join("\n");
  const parsed = parseSource("access.yaml", text);
  const result = resolveSources([parsed.source], parsed.diagnostics, { today: TODAY });
  if (!result.model) throw new Error(JSON.stringify(result.diagnostics));
  return result.model;
}

const alice: TenantUser = {
  id: ALICE,
  userType: "Guest",
  mail: "Alice@Contoso.example",
  userPrincipalName: "alice_contoso.example#EXT#@ourcorp.onmicrosoft.com",
  externalUserState: "Accepted",
};

function assignment(overrides: Partial<TenantAssignment> = {}): TenantAssignment {
  return {
    id: `${RG}/providers/Microsoft.Authorization/roleAssignments/1a000000-0000-4000-8000-000000000001`,
    name: "1a000000-0000-4000-8000-000000000001",
    scope: RG,
    roleId: READER,
    principalId: ALICE,
    principalType: "User",
    ...overrides,
  };
}

function review(
  m: AccessModel,
  assignments: TenantAssignment[],
  users: TenantUser[] = [alice],
  invitations?: Map<string, DeployedInvitation>,
): DriftReport {
  return reviewDrift(
    m,
    { assignments, users, usersRead: true, errors: [], notes: [] },
    {
      today: TODAY,
      pendingDays: 30,
      catalog: RoleCatalog.bundled(),
      context: { project: "guest-access", stack: "dev" },
      ...(invitations ? { invitations } : {}),
    },
  );
}

const classes = (r: DriftReport): string[] => r.findings.map((f) => f.class);

describe("drift core", () => {
  describe("keys", () => {
    const roleCases = [
      ["the tenant form", `/providers/Microsoft.Authorization/roleDefinitions/${READER}`],
      [
        "the subscription form",
        `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
      ],
      [
        "a management group form, in upper case",
        `/providers/Microsoft.Management/managementGroups/corp/providers/Microsoft.Authorization/roleDefinitions/${READER.toUpperCase()}`,
      ],
    ] as const;
    for (const [name, id] of roleCases) {
      it(`reads the role GUID from ${name}`, () => assert.equal(tenantRoleId(id), READER));
    }

    const scopeCases = [
      ["keywords and values in any case", `${SUB.toUpperCase()}/RESOURCEGROUPS/Shop-Prod`, RG],
      ["a trailing slash", `${RG}/`, RG],
      ["no leading slash (the SDK's path form)", RG.slice(1), RG],
      [
        "a scope the grammar does not know, lower-cased",
        "/subscriptions/{subscriptionId}/resourceGroups/Example-rg",
        "/subscriptions/{subscriptionid}/resourceGroups/example-rg",
      ],
    ] as const;
    for (const [name, raw, expected] of scopeCases) {
      it(`normalises ${name}`, () => assert.equal(normaliseTenantScope(raw), expected));
    }

    const canonical = [
      "/",
      SUB,
      RG,
      `${RG}/providers/Microsoft.Storage/storageAccounts/Raw/blobServices/default/containers/C1`,
      `${SUB}/providers/Microsoft.Web/sites/Shop`,
      "/providers/Microsoft.Management/managementGroups/Corp-Root",
      `${RG}/providers/Microsoft.Network/virtualNetworks/v/providers/Microsoft.Authorization/locks/l`,
    ];
    for (const scope of canonical) {
      for (const spelling of [scope, scope.toUpperCase(), scope.toLowerCase()]) {
        it(`normalises ${spelling} as the scope grammar does`, () =>
          assert.equal(normaliseTenantScope(spelling), normaliseScope(spelling)));
      }
    }

    const upnCases = [
      ["alice_contoso.example#EXT#@ourcorp.onmicrosoft.com", "alice@contoso.example"],
      ["first_last_partner.example#EXT#@t.example", "first_last@partner.example"],
      ["member@ourcorp.example", undefined],
    ] as const;
    for (const [upn, email] of upnCases) {
      it(`reads ${email ?? "no address"} from the name ${upn}`, () =>
        assert.equal(externalUpnEmail(upn), email));
    }

    const emailSpellings = [
      "Alice@Contoso.Example",
      "  alice@contoso.example ",
      "alice@ｃｏｎｔｏｓｏ.example",
      "ALICE@BÜCHER.example",
      "Ali\u0301ce@contoso.example",
      "alice@contoso.example\t",
      "no-at-sign",
      "",
    ];
    for (const spelling of emailSpellings) {
      it(`normalises the tenant's address ${JSON.stringify(spelling)} as a declared one is`, () =>
        assert.equal(normaliseTenantEmail(spelling), normaliseEmail(spelling)));
    }

    it("normalises any tenant address as a declared one is", () => {
      fc.assert(
        fc.property(fc.string({ unit: "grapheme-composite", maxLength: 40 }), (text) => {
          assert.equal(normaliseTenantEmail(text), normaliseEmail(text));
        }),
        { numRuns: 2000 },
      );
    });
  });

  describe("classes", () => {
    it("matches a declared grant whatever the form and case ARM returns", () => {
      const report = review(model([`{ role: Reader, scope: ${RG} }`]), [
        assignment({ scope: RG.toUpperCase() }),
      ]);
      assert.deepEqual(classes(report), ["in-sync"]);
    });

    it("reports a second assignment of a declared grant's principal, role and scope as unmanaged", () => {
      const report = review(model([`{ role: Reader, scope: ${RG} }`]), [
        assignment(),
        assignment({ id: `${RG}/x`, name: "x", scope: RG.toUpperCase() }),
      ]);
      assert.deepEqual(classes(report), ["unmanaged", "in-sync"]);
    });

    it("reports an expired grant still in Azure, with its expiry, and not as unmanaged", () => {
      const report = review(model([`{ role: Reader, scope: ${RG}, expires: 2026-01-31 }`]), [
        assignment({ scope: RG.toUpperCase() }),
      ]);
      assert.deepEqual(classes(report), ["expired-present", "stale-guest"]);
      assert.match(report.findings[0]?.detail ?? "", /Declared until 2026-01-31/);
    });

    it("gives an account two guests answer to the first, and judges the second by what it found", () => {
      const text = [
        "version: 1",
        "guests:",
        ...[
          [
            "alias@contoso.example",
            [`{ role: Reader, scope: ${RG} }`, `{ role: Monitoring Reader, scope: ${RG} }`],
          ],
          ["alice@contoso.example", [`{ role: Reader, scope: ${RG} }`]],
        ].flatMap(([email, grants]) => [
          `  - email: ${email as string}`,
          "    displayName: Alice",
          "    sponsor: bob@ourcorp.example",
          "    reason: Audit",
          "    access:",
          ...(grants as string[]).map((g) => `      - ${g}`),
        ]),
      ].join("\n");
      const parsed = parseSource("access.yaml", text);
      const { model: m, diagnostics } = resolveSources([parsed.source], parsed.diagnostics, {
        today: TODAY,
      });
      assert.ok(m, JSON.stringify(diagnostics));
      const report = review(
        m,
        [assignment()],
        [{ ...alice, otherMails: ["Alias@Contoso.example"] }],
      );
      // The grant both declare is found for the account; the one only the second declares is missing.
      assert.deepEqual(
        report.findings.map((f) => [f.class, f.email, f.roleName]),
        [
          ["missing", "alias@contoso.example", "Monitoring Reader"],
          ["in-sync", "alias@contoso.example", "Reader"],
        ],
      );
    });

    it("finds an invited guest's account by the address in its #EXT# name when mail is empty", () => {
      const withoutMail: TenantUser = { ...alice, mail: undefined };
      const report = review(
        model([`{ role: Reader, scope: ${RG} }`]),
        [assignment()],
        [withoutMail],
      );
      assert.deepEqual(classes(report), ["in-sync"]);
    });

    it("reports a declared role at a child of the assignment's scope as inherited, not unmanaged", () => {
      const report = review(model([`{ role: Reader, scope: ${RG} }`]), [
        assignment(),
        assignment({ id: `${SUB}/x`, name: "x", scope: SUB }),
      ]);
      assert.deepEqual(classes(report), ["inherited", "in-sync"]);
    });

    it("reports the same role below a declared scope as unmanaged", () => {
      const below = `${RG}/providers/Microsoft.Storage/storageAccounts/raw`;
      const report = review(model([`{ role: Reader, scope: ${RG} }`]), [
        assignment(),
        assignment({ id: `${below}/x`, name: "x", scope: below }),
      ]);
      assert.deepEqual(classes(report), ["unmanaged", "in-sync"]);
    });

    it("takes the account the stack invited from the state, and calls a vanished one account-missing", () => {
      const report = review(
        model([`{ role: Reader, scope: ${RG} }`]),
        [],
        [],
        new Map([["alice@contoso.example", { userId: ALICE }]]),
      );
      assert.deepEqual(classes(report), ["account-missing"]);
      assert.deepEqual(report.findings[0]?.fix.commands, [
        "pulumi up --stack dev --target-replace 'urn:pulumi:dev::guest-access::guest-access:index:Guest$azuread:index/invitation:Invitation::alice@contoso.example-invitation' --target-dependents",
      ]);
    });

    it("calls an invitation with an empty userId in the state account-missing", () => {
      const report = review(
        model([`{ role: Reader, scope: ${RG} }`]),
        [],
        [],
        new Map([["alice@contoso.example", { userId: "" }]]),
      );
      assert.deepEqual(classes(report), ["account-missing"]);
    });

    it("with the state, calls an existing account for a guest the stack has not invited email-taken", () => {
      const report = review(model([`{ role: Reader, scope: ${RG} }`]), [], [alice], new Map());
      // The account itself is a guest nobody declared: a stale guest as well.
      assert.deepEqual(classes(report), ["email-taken", "stale-guest"]);
      assert.match(report.findings[0]?.fix.yaml ?? "", new RegExp(`objectId: "${ALICE}"`));
    });

    it("reports a declared objectId that is no account, with a fix for the id", () => {
      const report = review(
        model(
          [`{ role: Reader, scope: ${RG} }`],
          [`    objectId: ${ALICE.replace("a11ce", "0dead")}`],
        ),
        [],
      );
      assert.deepEqual(classes(report), ["account-missing", "stale-guest"]);
      assert.equal(report.findings[0]?.fix.action, "fix-object-id");
    });

    it("says an adopted assignment that vanished blocks the next up, and how to unblock it", () => {
      const report = review(
        model([
          `{ role: Reader, scope: ${RG}, assignmentName: 1a000000-0000-4000-8000-000000000009 }`,
        ]),
        [],
      );
      assert.deepEqual(classes(report), ["missing"]);
      assert.match(report.findings[0]?.fix.text ?? "", /Remove assignmentName/);
    });

    it("leaves members', groups' and applications' assignments out of the review, counting them", () => {
      const report = review(model([`{ role: Reader, scope: ${RG} }`]), [
        assignment(),
        assignment({
          id: "g",
          name: "g",
          principalId: "96000000-0000-4000-8000-000000000009",
          principalType: "Group",
        }),
        assignment({
          id: "s",
          name: "s",
          principalId: "5e000000-0000-4000-8000-000000000009",
          principalType: "ServicePrincipal",
        }),
      ]);
      assert.deepEqual(classes(report), ["in-sync"]);
      assert.equal(report.summary.notReviewed, 2);
    });

    it("calls an assignment orphaned when ARM says Unknown, or az leaves the name empty", () => {
      const report = review(model([`{ role: Reader, scope: ${RG} }`]), [
        assignment(),
        assignment({ id: "u", name: "u", principalId: "11", principalType: "Unknown" }),
        assignment({
          id: "e",
          name: "e",
          principalId: "22",
          principalName: "",
          principalType: undefined,
        }),
      ]);
      assert.deepEqual(classes(report), ["orphaned", "orphaned", "in-sync"]);
    });

    const pendingCases = [
      { days: 31, pending: true },
      { days: 30, pending: false },
    ];
    for (const c of pendingCases) {
      it(`${c.pending ? "reports" : "does not report"} an invitation pending for ${c.days} days (limit 30)`, () => {
        const since = new Date(
          Date.parse(`${TODAY}T00:00:00Z`) - c.days * 86_400_000,
        ).toISOString();
        const report = review(
          model([`{ role: Reader, scope: ${RG} }`]),
          [assignment()],
          [
            {
              ...alice,
              externalUserState: "PendingAcceptance",
              externalUserStateChangeDateTime: since,
            },
          ],
        );
        assert.equal(classes(report).includes("pending-invitation"), c.pending);
      });
    }
  });

  describe("which scopes a live review reads", () => {
    it("reads each subscription once, a management group at its scope, and nothing inside a scope read", () => {
      const named = namedScopes([
        `${RG}/providers/Microsoft.Storage/storageAccounts/raw`,
        RG,
        SUB.toUpperCase(),
        "/providers/Microsoft.Management/managementGroups/Corp",
        "/",
        "not a scope",
      ]);
      assert.deepEqual(coveringReads(named), [
        { scope: "/providers/Microsoft.Management/managementGroups/corp", filter: "atScope()" },
        { scope: SUB },
      ]);
    });

    it("falls back to the named scopes inside a scope it may not read", () => {
      const named = namedScopes([SUB, RG, `${RG}/providers/Microsoft.Storage/storageAccounts/raw`]);
      assert.deepEqual(narrowerReads(SUB, named), [{ scope: RG }]);
    });
  });
});

describe("drift live reads' concurrency", () => {
  it("never runs more pieces at once than the limit, however the work nests", async () => {
    const limit = limiter(2);
    let running = 0;
    let most = 0;
    const piece = async (): Promise<void> => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
    };
    await Promise.all(
      Array.from({ length: 6 }, () =>
        limit(piece).then(() => Promise.all([limit(piece), limit(piece)])),
      ),
    );
    assert.equal(most, 2);
  });
});
