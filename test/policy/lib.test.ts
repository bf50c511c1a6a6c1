/**
 * The small pure helpers the policies stand on: URNs, email domains, dates, redirect URLs, role resolution.
 */

import assert from "node:assert/strict";
import { resolveRoles } from "../../policy/lib/catalog";
import { display } from "../../policy/lib/text";
import { nameOfUrn, parentTypeOfUrn, parseUrn, typeOfUrn } from "../../azure/urn";
import {
  domainMatches,
  emailDomainProblem,
} from "../../policy/policies/guest-email-domain-allowed";
import { addDays, expiryProblems } from "../../policy/policies/guest-grant-expiry-bounded";
import { redirectUrlProblem } from "../../policy/policies/invitation-redirect-https";
import { ROLES } from "./support/factory";

const CHILD =
  "urn:pulumi:dev::guest-access::guest-access:index:Guest$azure-native:authorization:RoleAssignment::a@b.example-grant-1";

describe("policy helpers", () => {
  describe("URNs", () => {
    it("reads a child's stack, project, type, its parent's type and its name", () => {
      assert.deepEqual(parseUrn(CHILD), {
        stack: "dev",
        project: "guest-access",
        type: "azure-native:authorization:RoleAssignment",
        ancestorTypes: ["guest-access:index:Guest"],
        name: "a@b.example-grant-1",
      });
      assert.equal(parentTypeOfUrn(CHILD), "guest-access:index:Guest");
    });
    it("keeps a name that itself contains ::", () =>
      assert.equal(nameOfUrn("urn:pulumi:s::p::t:i:T::a::b"), "a::b"));
    it("has no parent type at the top", () =>
      assert.equal(parentTypeOfUrn("urn:pulumi:s::p::t:i:T::a"), undefined));
    it("refuses what is not a URN", () => assert.equal(typeOfUrn("not-a-urn"), undefined));
  });

  describe("email domains", () => {
    const cases: [string, string, boolean][] = [
      ["contoso.example", "contoso.example", true],
      ["EU.Contoso.example", "contoso.example", true],
      ["notcontoso.example", "contoso.example", false],
      ["contoso.example.evil", "contoso.example", false],
      ["contoso.example.", "contoso.example", true],
      [" Contoso.Example ", "contoso.example.", true],
      ["contoso.example\u200b", "contoso.example", false],
      ["contoso .example", "contoso.example", false],
    ];
    for (const [domain, listed, expected] of cases) {
      it(`${expected ? "matches" : "does not match"} ${JSON.stringify(domain)} against ${listed}`, () =>
        assert.equal(domainMatches(domain, listed), expected));
    }
    it("lets the deny-list win over the allow-list", () =>
      assert.match(
        emailDomainProblem("a@x.contoso.example", {
          allowedDomains: ["contoso.example"],
          deniedDomains: ["x.contoso.example"],
        }) ?? "",
        /denied/,
      ));
  });

  describe("expiry dates", () => {
    it("adds days across a leap year", () => assert.equal(addDays("2028-02-28", 1), "2028-02-29"));
    it("uses the earlier of the guest's and the grant's expiry", () =>
      assert.deepEqual(
        expiryProblems(
          { expires: "2026-12-01", grants: [{ scope: "/s", expires: "2099-01-01" }] },
          "2026-11-26",
          30,
        ),
        [],
      ));
  });

  describe("redirect URLs", () => {
    const cases: [unknown, boolean][] = [
      ["https://myapps.microsoft.com", true],
      [undefined, true],
      ["HTTPS://portal.azure.com", true],
      ["http://portal.azure.com", false],
      ["javascript:alert(1)", false],
      [42, false],
    ];
    for (const [url, ok] of cases) {
      it(`${ok ? "accepts" : "refuses"} ${display(url)}`, () =>
        assert.equal(redirectUrlProblem(url) === undefined, ok));
    }
  });

  describe("role entries in config", () => {
    it("resolves names in any case, GUIDs and role definition IDs", () => {
      const resolved = resolveRoles("r", [
        "reader",
        ROLES.owner.toUpperCase(),
        `/providers/Microsoft.Authorization/roleDefinitions/${ROLES.custom}`,
      ]);
      assert.deepEqual([...resolved.ids], [ROLES.reader, ROLES.owner, ROLES.custom]);
      assert.deepEqual(resolved.errors, []);
    });
    it("refuses a value that is not a string", () =>
      assert.match(resolveRoles("r", [7]).errors[0] ?? "", /r\[0\] must be a role name or GUID/));
  });
});
