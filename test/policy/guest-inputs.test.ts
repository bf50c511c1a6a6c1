/**
 * Behaviour of the policies that read a guest's invitation and the Guest component's inputs (5-8).
 */

import assert from "node:assert/strict";
import { GUEST_EMAIL_DOMAIN_ALLOWED } from "../../policy/policies/guest-email-domain-allowed";
import { GUEST_GRANT_EXPIRY_BOUNDED } from "../../policy/policies/guest-grant-expiry-bounded";
import { GUEST_SPONSOR_AND_REASON_PRESENT } from "../../policy/policies/guest-sponsor-and-reason-present";
import { INVITATION_REDIRECT_HTTPS } from "../../policy/policies/invitation-redirect-https";
import type { PolicyInputResource } from "../../policy/evaluate";
import { INVITATION_TYPE } from "../../azure/tokens";
import { guestResources, guestUrn, happyGuest, TODAY } from "./support/factory";
import type { GuestCase, Mode } from "./support/factory";
import { evaluate, summarise, TEST_CONFIG } from "./support/harness";

interface Case {
  readonly name: string;
  readonly change: Partial<GuestCase>;
  readonly config?: unknown;
  /** The policy expected to fire, its level, and words its message must contain; none for a pass. */
  readonly expect?: {
    readonly policy: string;
    readonly level: "advisory" | "mandatory";
    readonly words: readonly string[];
  };
}

const cases: Case[] = [
  {
    name: "accepts a guest from an allowed domain with a sponsor, a reason and a near expiry",
    change: {},
  },
  {
    name: "flags an invitation to a domain outside the allow-list",
    change: { email: "eve@fabrikam.example" },
    expect: {
      policy: GUEST_EMAIL_DOMAIN_ALLOWED,
      level: "advisory",
      words: ["eve@fabrikam.example", "fabrikam.example", "not among the allowed"],
    },
  },
  {
    name: "flags an invitation to a denied domain even when the allow-list is empty",
    change: { email: "eve@mail.gmail.com" },
    config: { ...TEST_CONFIG, "guest-email-domain-allowed": { deniedDomains: ["gmail.com"] } },
    expect: {
      policy: GUEST_EMAIL_DOMAIN_ALLOWED,
      level: "advisory",
      words: ["denied", "gmail.com"],
    },
  },
  {
    name: "accepts a subdomain of an allowed domain",
    change: { email: "eve@eu.contoso.example" },
  },
  {
    name: "flags a guest referenced by object id from a domain outside the allow-list",
    change: { invited: false, email: "eve@fabrikam.example" },
    expect: {
      policy: GUEST_EMAIL_DOMAIN_ALLOWED,
      level: "advisory",
      words: ["guest eve@fabrikam.example", "not among the allowed"],
    },
  },
  {
    name: "accepts an allowed domain written in upper case with a trailing dot",
    change: { email: "alice@CONTOSO.Example." },
  },
  {
    name: "flags a denied domain written with a trailing dot",
    change: { email: "eve@gmail.com." },
    config: { ...TEST_CONFIG, "guest-email-domain-allowed": { deniedDomains: ["gmail.com"] } },
    expect: {
      policy: GUEST_EMAIL_DOMAIN_ALLOWED,
      level: "advisory",
      words: ["denied (gmail.com)"],
    },
  },
  {
    name: "flags a domain with a zero-width character in it",
    change: { email: "alice@contoso.example\u200b" },
    expect: {
      policy: GUEST_EMAIL_DOMAIN_ALLOWED,
      level: "advisory",
      words: ["contoso.example\\u{200b}", "not a host name"],
    },
  },
  {
    name: "flags a domain with white space in it",
    change: { email: "alice@contoso .example" },
    expect: { policy: GUEST_EMAIL_DOMAIN_ALLOWED, level: "advisory", words: ["not a host name"] },
  },
  {
    name: "flags an http redirect URL",
    change: { redirectUrl: "http://portal.azure.com" },
    expect: {
      policy: INVITATION_REDIRECT_HTTPS,
      level: "advisory",
      words: ["http://portal.azure.com", "https"],
    },
  },
  {
    name: "flags a redirect URL that is not absolute",
    change: { redirectUrl: "portal.azure.com" },
    expect: {
      policy: INVITATION_REDIRECT_HTTPS,
      level: "advisory",
      words: ["not an absolute URL"],
    },
  },
  {
    name: "flags a grant that never expires",
    change: { expires: undefined },
    expect: {
      policy: GUEST_GRANT_EXPIRY_BOUNDED,
      level: "advisory",
      words: ["alice@contoso.example", "never expires", "2027-11-26"],
    },
  },
  {
    name: "flags a grant that expires more than 365 days ahead",
    change: { expires: "2027-11-27" },
    expect: {
      policy: GUEST_GRANT_EXPIRY_BOUNDED,
      level: "advisory",
      words: ["2027-11-27", `365 days from ${TODAY}`],
    },
  },
  {
    name: "accepts a grant that expires exactly 365 days ahead",
    change: { expires: "2027-11-26" },
  },
  {
    name: "judges expiry against the configured maximum",
    change: { expires: "2027-03-31" },
    config: { ...TEST_CONFIG, "guest-grant-expiry-bounded": { today: TODAY, maxDays: 30 } },
    expect: { policy: GUEST_GRANT_EXPIRY_BOUNDED, level: "advisory", words: ["after 2026-12-26"] },
  },
  {
    name: "rejects a guest without a sponsor",
    change: { sponsor: "  " },
    expect: {
      policy: GUEST_SPONSOR_AND_REASON_PRESENT,
      level: "mandatory",
      words: ["alice@contoso.example has no sponsor"],
    },
  },
  {
    name: "rejects a guest who sponsors themselves",
    change: { sponsor: "Alice@Contoso.example" },
    expect: {
      policy: GUEST_SPONSOR_AND_REASON_PRESENT,
      level: "mandatory",
      words: ["is their own sponsor"],
    },
  },
  {
    name: "rejects a guest without a reason",
    change: { reason: "" },
    expect: {
      policy: GUEST_SPONSOR_AND_REASON_PRESENT,
      level: "mandatory",
      words: ["has no reason"],
    },
  },
];

describe("Guest components without their inputs", () => {
  it("are reported by the email, expiry and sponsor rules instead of passing or blaming the guest", async () => {
    const [component, ...rest] = guestResources(happyGuest(), "preview");
    const result = await evaluate([{ ...(component as PolicyInputResource), props: {} }, ...rest]);
    assert.deepEqual(
      result.diagnostics
        .filter((d) => d.phase === "resource")
        .map((d) => `${d.policy} ${d.enforcementLevel}`),
      [
        `${GUEST_EMAIL_DOMAIN_ALLOWED} advisory`,
        `${GUEST_GRANT_EXPIRY_BOUNDED} advisory`,
        `${GUEST_SPONSOR_AND_REASON_PRESENT} mandatory`,
      ],
    );
    for (const d of result.diagnostics)
      assert.match(d.detail, /inputs are not visible to policies.*3\.202/);
  });
});

describe("which resource an email domain is judged on", () => {
  it("reports an invited guest once, on the Guest component, not on its invitation", async () => {
    const resources = guestResources({ ...happyGuest(), email: "eve@fabrikam.example" }, "preview");
    const result = await evaluate(resources);
    assert.deepEqual(
      result.diagnostics.map((d) => `${d.policy} ${d.urn ?? ""}`),
      [`${GUEST_EMAIL_DOMAIN_ALLOWED} ${guestUrn("eve@fabrikam.example")}`],
    );
  });

  it("judges an invitation declared outside any Guest on the invitation", async () => {
    const invitation = guestResources(
      { ...happyGuest(), email: "eve@gmail.com" },
      "preview",
    )[1] as PolicyInputResource;
    const loose: PolicyInputResource = {
      ...invitation,
      urn: `urn:pulumi:dev::guest-access::${INVITATION_TYPE}::loose`,
      name: "loose",
    };
    delete (loose as { parent?: string }).parent;
    const result = await evaluate([loose]);
    const [d, ...more] = result.diagnostics.filter((x) => x.policy === GUEST_EMAIL_DOMAIN_ALLOWED);
    assert.equal(more.length, 0, summarise(result).join("\n"));
    assert.equal(d?.urn, loose.urn);
    assert.match(
      d?.detail ?? "",
      /^invitation loose for eve@gmail\.com: the domain gmail\.com is denied/,
    );
  });
});

for (const mode of ["update", "preview"] as Mode[]) {
  describe(`guest input policies (${mode})`, () => {
    for (const c of cases) {
      it(c.name, async () => {
        const result = await evaluate(
          guestResources({ ...happyGuest(), ...c.change }, mode),
          c.config,
        );
        const lines = summarise(result);
        if (!c.expect) {
          assert.deepEqual(lines, []);
          return;
        }
        assert.equal(result.diagnostics.length, 1, lines.join("\n"));
        const [d] = result.diagnostics;
        assert.equal(d?.policy, c.expect.policy);
        assert.equal(d?.enforcementLevel, c.expect.level);
        for (const word of c.expect.words)
          assert.ok(d?.message.includes(word), `"${d?.message}" should mention ${word}`);
      });
    }
  });
}
