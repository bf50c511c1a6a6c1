/**
 * Every diagnostic code the loader can emit, in one table: its severity, what it means, a minimal file that
 * triggers it and the fix. The `DiagnosticCode` type is derived from the table's keys, so a code that is not
 * a row does not compile; `docs/diagnostics.md` is generated from it (`npm run diagnostics`), and
 * test/access/diagnostic-codes.test.ts runs every example through the loader.
 *
 * Adding a code is one change here: add a row (keep it in its phase), emit the code, run
 * `npm run diagnostics`. A row whose example does not emit its code fails the tests.
 */

/** How bad a problem is: an error stops the deployment; a warning does not. */
export type Severity = "error" | "warning";

/** The phase that finds a problem: the order in which a file is checked, and the sections of the reference. */
export type DiagnosticPhase =
  "yaml" | "shape" | "declarations" | "groups" | "guests" | "grants" | "stacks";

/** One row of the reference. */
export interface DiagnosticRow {
  /** Whether it stops the deployment. A code has one severity wherever it is emitted. */
  readonly severity: Severity;
  /** The phase that finds it. */
  readonly phase: DiagnosticPhase;
  /** What it means, in one or two sentences. */
  readonly meaning: string;
  /**
   * A minimal declaration that triggers it: the text of `access.yaml`, or several files by name (a directory
   * declaration) for problems that span files; a `stacks` row adds `Pulumi.yaml` and `Pulumi.<stack>.yaml`
   * files, and every other file is the declaration. Dates before 2021 are in the past and after 2090 in the future
   * whatever day the example is run.
   */
  readonly example: string | Readonly<Record<string, string>>;
  /** How the example files are saved, when not UTF-8 (to show an encoding problem). */
  readonly encoding?: "latin1";
  /** How to fix it. */
  readonly fix: string;
}

const SUB = "3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b";
const SUB2 = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

/** The project file of the `stacks` rows' examples. */
const PROJECT = "name: guest-access\nruntime: nodejs\n";

/** A declaration with one guest granted Reader on each of `subscriptions`. */
function declaredIn(...subscriptions: string[]): string {
  return `version: 1
guests:
  - email: alice@contoso.example
    displayName: Alice
    sponsor: bob@ourcorp.example
    reason: Q3 audit of the shop platform
    access:
${subscriptions.map((s) => `      - { role: Reader, scope: /subscriptions/${s} }`).join("\n")}
`;
}

/** The identities stack of the `stacks` rows' examples. */
const IDENTITIES = "config:\n  guest-access:stackRole: identities\n";

/** A grants stack reading the identities stack, with extra config lines. */
function grantsStack(...lines: string[]): string {
  return [
    "config:",
    "  guest-access:stackRole: grants",
    "  guest-access:identitiesStack: our-org/guest-access/identities",
    ...lines.map((l) => `  ${l}`),
    "",
  ].join("\n");
}

/** Every diagnostic code, by phase. The keys are the codes; their order is the reference's. */
export const DIAGNOSTICS = {
  // --- yaml: reading the file ---------------------------------------------------------------------------
  "yaml-syntax": {
    severity: "error",
    phase: "yaml",
    meaning: "The file is not valid YAML. Nothing else in the file is checked until it parses.",
    example: `version: 1
guests:
  - email: alice@contoso.example
    displayName: Alice
    sponsor: bob@ourcorp.example
    reason: Audit: Q3 shop platform
    access:
      - { role: Reader, scope: /subscriptions/${SUB} }
`,
    fix: 'Correct the syntax at the place shown: quote text that holds ": " or " #", close brackets and quotes, indent with spaces (never tabs).',
  },
  "duplicate-key": {
    severity: "error",
    phase: "yaml",
    meaning:
      "A key appears twice in the same mapping. YAML parsers silently keep one of the two, so the file would not mean what it says.",
    example: `version: 1
version: 1
`,
    fix: "Remove one of the two keys, or merge their values.",
  },
  "yaml-multiple-documents": {
    severity: "error",
    phase: "yaml",
    meaning:
      'The file holds more than one YAML document (separated by "---"). A declaration file is one document.',
    example: `version: 1
---
version: 1
`,
    fix: 'Remove the "---" separator, or put the second document in a file of its own in a declaration directory.',
  },
  "yaml-warning": {
    severity: "warning",
    phase: "yaml",
    meaning:
      "The YAML parser accepted the file but warned about something in it, such as a YAML version it does not know.",
    example: `%YAML 1.3
---
version: 1
`,
    fix: "Write plain YAML 1.2: remove whatever the warning names.",
  },
  "invalid-encoding": {
    severity: "error",
    phase: "yaml",
    meaning:
      "The file is not UTF-8 text: UTF-16 or UTF-32 (as some Windows editors save), another encoding such as Latin-1, or binary content. Nothing in it is read.",
    example: `version: 1
guests:
  - email: zoe@contoso.example
    displayName: Zoë Example
    sponsor: bob@ourcorp.example
    reason: Q3 audit of the shop platform
    access:
      - { role: Reader, scope: /subscriptions/${SUB} }
`,
    encoding: "latin1",
    fix: 'Save the file as UTF-8 (an editor\'s "Save with encoding", or `iconv -f LATIN1 -t UTF-8`).',
  },
  "yaml-tag": {
    severity: "error",
    phase: "yaml",
    meaning:
      "A YAML tag other than the core ones (`!!str`, `!!int`, …). A declaration is plain data; tags such as `!!js/function`, `!!binary` or `!custom` are refused.",
    example: `version: 1
scopes: !scopes
  shop-prod: /subscriptions/${SUB}/resourceGroups/shop-prod
`,
    fix: "Remove the tag.",
  },
  "yaml-alias": {
    severity: "error",
    phase: "yaml",
    meaning:
      "An alias (`*name`) that names no anchor (`&name`) before it, or that stands inside its own anchor (endless data).",
    example: `version: 1
guests:
  - email: alice@contoso.example
    displayName: Alice
    sponsor: bob@ourcorp.example
    reason: *audit
    access:
      - { role: Reader, scope: /subscriptions/${SUB} }
`,
    fix: "Define the anchor before the alias (`reason: &audit Q3 audit`), or write the value out.",
  },
  "yaml-alias-limit": {
    severity: "error",
    phase: "yaml",
    meaning:
      'Aliases that would expand the file into more than 250,000 nodes: an alias bomb ("billion laughs"). Sharing a sponsor among a few hundred guests is far below it.',
    example: `version: 1
x1: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]
x2: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
x3: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
x4: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
x5: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
x6: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
`,
    fix: "Write the values out, or share fewer of them.",
  },
  "yaml-too-deep": {
    severity: "error",
    phase: "yaml",
    meaning:
      "Collections nested more than 64 levels deep (aliases expanded). A declaration needs about 6; the limit keeps a hostile file from exhausting the stack.",
    example: `version: 1
guests: ${"[".repeat(70)}${"]".repeat(70)}
`,
    fix: "Flatten the structure.",
  },
  "yaml-string-too-long": {
    severity: "error",
    phase: "yaml",
    meaning:
      "A single value (or key) longer than 65,536 characters. No field of a declaration needs that much.",
    example: `version: 1
guests:
  - email: alice@contoso.example
    displayName: Alice
    sponsor: bob@ourcorp.example
    reason: ${"x".repeat(65_537)}
    access:
      - { role: Reader, scope: /subscriptions/${SUB} }
`,
    fix: "Shorten the value.",
  },
  "unsafe-character": {
    severity: "error",
    phase: "yaml",
    meaning:
      "A control character, a bidirectional control or a zero-width character in any value or key. Each lets text forge what a reviewer sees: an escape sequence rewrites a terminal, a line break starts a fake line of a report, U+202E reverses text, a zero-width space makes two emails look alike. Display names and reasons may keep a zero-width joiner inside a word, and a message may span lines.",
    example: `version: 1
guests:
  - email: alice@contoso.example
    displayName: "Alice\\u202E"
    sponsor: bob@ourcorp.example
    reason: Q3 audit of the shop platform
    access:
      - { role: Reader, scope: /subscriptions/${SUB} }
`,
    fix: "Remove the character the message names (at the character position it gives).",
  },

  // --- shape: the JSON Schema (access.schema.json) ---------------------------------------------------------
  "missing-field": {
    severity: "error",
    phase: "shape",
    meaning:
      "A required field is missing: every guest needs an email, a display name, a sponsor, a reason and access.",
    example: `version: 1
guests:
  - email: alice@contoso.example
    displayName: Alice
    reason: Q3 audit of the shop platform
    access:
      - { role: Reader, scope: /subscriptions/${SUB} }
`,
    fix: "Add the field the message names; its description says what it holds.",
  },
  "unknown-key": {
    severity: "error",
    phase: "shape",
    meaning:
      "A key the format does not have, usually a misspelling. It is refused rather than ignored: a guest's misspelt `expiers:` would otherwise grant access forever.",
    example: `version: 1
scope:
  shop-prod: /subscriptions/${SUB}/resourceGroups/shop-prod
`,
    fix: "Correct the key (the message suggests the closest allowed one) or remove it.",
  },
  "invalid-name": {
    severity: "error",
    phase: "shape",
    meaning: "A name under scopes: or roles: has characters a name may not hold.",
    example: `version: 1
scopes:
  shop/prod: /subscriptions/${SUB}/resourceGroups/shop-prod
`,
    fix: 'Rename it: a name starts with a letter and holds letters, digits, spaces, ".", "_", "-", "(" or ")".',
  },
  "wrong-type": {
    severity: "error",
    phase: "shape",
    meaning:
      "A value of the wrong kind: a list where text is expected, a mapping where a list is, and so on.",
    example: `version: 1
guests:
  - email: alice@contoso.example
    displayName: Alice
    sponsor: bob@ourcorp.example
    reason: Q3 audit of the shop platform
    ticket: [SEC-1, SEC-2]
    access:
      - { role: Reader, scope: /subscriptions/${SUB} }
`,
    fix: "Write the kind of value the message asks for.",
  },
  "invalid-value": {
    severity: "error",
    phase: "shape",
    meaning:
      "A value outside the allowed set or form, such as a format version other than 1 or an unknown onRemove.",
    example: `version: 2
`,
    fix: "Use one of the values the message lists.",
  },
  "invalid-date": {
    severity: "error",
    phase: "shape",
    meaning:
      "An expiry that is not written YYYY-MM-DD, or is not a day in the calendar (2027-02-30).",
    example: `version: 1
guests:
  - email: alice@contoso.example
    displayName: Alice
    sponsor: bob@ourcorp.example
    reason: Q3 audit of the shop platform
    expires: 31.03.2099
    access:
      - { role: Reader, scope: /subscriptions/${SUB} }
`,
    fix: "Write the date as YYYY-MM-DD, e.g. 2027-03-31; it is the last day of access (UTC).",
  },
  "empty-value": {
    severity: "error",
    phase: "shape",
    meaning:
      "A field that must say something is empty or blank (a display name, a reason, a custom message).",
    example: `version: 1
guests:
  - email: alice@contoso.example
    displayName: Alice
    sponsor: bob@ourcorp.example
    reason: " "
    access:
      - { role: Reader, scope: /subscriptions/${SUB} }
`,
    fix: "Give a value: for a reason, why this guest needs access.",
  },
  "too-long": {
    severity: "error",
    phase: "shape",
    meaning:
      "A value longer than Azure or Entra ID keeps: a display name over 256 characters, or a reason and ticket that make a role assignment's description longer than Azure's 2,048 bytes (it would be cut, losing the sponsor or the ticket).",
    example: `version: 1
guests:
  - email: alice@contoso.example
    displayName: ${"A".repeat(257)}
    sponsor: bob@ourcorp.example
    reason: Q3 audit of the shop platform
    access:
      - { role: Reader, scope: /subscriptions/${SUB} }
`,
    fix: "Shorten the value the message names (for a description, the reason or the ticket).",
  },
  "no-grants": {
    severity: "error",
    phase: "shape",
    meaning:
      "A guest or a group with an empty access list, or a guest with neither access nor memberOf: each is declared to grant something.",
    example: `version: 1
guests:
  - email: alice@contoso.example
    displayName: Alice
    sponsor: bob@ourcorp.example
    reason: Q3 audit of the shop platform
    access: []
`,
    fix: "Give at least one { role, scope }, or remove the guest (removing revokes their grants).",
  },

  // --- declarations: scopes:, roles: and defaults:, across every file ------------------------------------
  "duplicate-scope": {
    severity: "error",
    phase: "declarations",
    meaning:
      "A scope name declared twice (names compare without case), in one file or in two files of a directory.",
    example: `version: 1
scopes:
  shop-prod: /subscriptions/${SUB}/resourceGroups/shop-prod
  Shop-Prod: /subscriptions/${SUB}/resourceGroups/shop-prod-2
`,
    fix: "Keep one of the two; which one wins must never depend on the order files are read in.",
  },
  "duplicate-role": {
    severity: "error",
    phase: "declarations",
    meaning: "A custom role name declared twice (names compare without case).",
    example: `version: 1
roles:
  Shop Auditor: 6a9f3c2e-4b1d-4e7a-8c5f-1d2e3f4a5b6c
  shop auditor: 0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e
`,
    fix: "Keep one of the two.",
  },
  "duplicate-default": {
    severity: "error",
    phase: "declarations",
    meaning: "The same default set in two files of a declaration directory.",
    example: {
      "audit.yaml": `version: 1
defaults:
  onRemove: keep-user
`,
      "vendors.yaml": `version: 1
defaults:
  onRemove: delete-user
`,
    },
    fix: "Set each default in one file only (a shared file such as 00-shared.yaml is a good home).",
  },
  "invalid-scope": {
    severity: "error",
    phase: "declarations",
    meaning:
      "A scope (under scopes: or in a grant) that Azure's scope grammar does not accept: a management group, subscription, resource group or resource path with GUIDs where Azure has them.",
    example: `version: 1
scopes:
  shop-prod: /subscriptions/shop/resourceGroups/shop-prod
`,
    fix: "Write the full scope, e.g. /subscriptions/<subscription GUID>/resourceGroups/<name>, as `az group show --query id` prints it.",
  },
  "custom-role-shadows-built-in": {
    severity: "error",
    phase: "declarations",
    meaning:
      "A custom role under roles: has the name of a built-in role, so a grant of that name could mean either.",
    example: `version: 1
roles:
  Reader: 6a9f3c2e-4b1d-4e7a-8c5f-1d2e3f4a5b6c
`,
    fix: "Rename the custom role.",
  },
  "invalid-role-id": {
    severity: "error",
    phase: "declarations",
    meaning: "A custom role under roles: whose value is not a role definition GUID.",
    example: `version: 1
roles:
  Shop Auditor: shop-auditor
`,
    fix: 'Copy the GUID from `az role definition list --custom-role-only true` (its "name").',
  },
  "custom-role-is-built-in": {
    severity: "error",
    phase: "declarations",
    meaning: "A custom role under roles: whose GUID is a built-in role's.",
    example: `version: 1
roles:
  Shop Reader: acdd72a7-3385-48ef-bd42-f606fba81ae7
`,
    fix: "Remove it from roles: and grant the built-in role by its name.",
  },
  "duplicate-role-id": {
    severity: "error",
    phase: "declarations",
    meaning: "Two custom roles with the same GUID: one role, two names.",
    example: `version: 1
roles:
  Shop Auditor: 6a9f3c2e-4b1d-4e7a-8c5f-1d2e3f4a5b6c
  Shop Reviewer: 6a9f3c2e-4b1d-4e7a-8c5f-1d2e3f4a5b6c
`,
    fix: "Keep one name for the role.",
  },
  "insecure-redirect-url": {
    severity: "error",
    phase: "declarations",
    meaning:
      "A redirect URL (in defaults: or on a guest) that is not an https URL: the page receives a freshly signed-in guest.",
    example: `version: 1
defaults:
  redirectUrl: http://portal.azure.com
`,
    fix: "Use an https:// address, e.g. https://portal.azure.com (the default).",
  },
  "message-and-language": {
    severity: "error",
    phase: "declarations",
    meaning:
      "Invitation settings (in defaults: or on a guest) with both a custom message and a language: Microsoft sends either your message or its standard text in a language.",
    example: `version: 1
defaults:
  invitation: { message: Welcome to the Q3 audit, language: de-DE }
`,
    fix: "Keep one of message and language.",
  },

  // --- guests: each guest entry ----------------------------------------------------------------------------
  "invalid-email": {
    severity: "error",
    phase: "guests",
    meaning:
      "An address Microsoft Graph would refuse for an invitation (a guest's email, or an invitation's cc). Graph is stricter than RFC 5322: it refuses `~ ! # $ % ^ & * ( ) + = [ ] { } \\ / | ; : ' \" < > ? ,` and `.` or `-` at the start or end of a part; a part before `@` has at most 64 characters, a domain label 63, the address 254.",
    example: `version: 1
guests:
  - email: al+ice@contoso.example
    displayName: Alice
    sponsor: bob@ourcorp.example
    reason: Q3 audit of the shop platform
    access:
      - { role: Reader, scope: /subscriptions/${SUB} }
`,
    fix: "Use an address Graph accepts; ask the guest for one without the character the message names.",
  },
  "non-ascii-domain": {
    severity: "warning",
    phase: "guests",
    meaning:
      "A guest's or sponsor's email whose domain is not written in ASCII. It is invited in its ASCII (punycode) form; a domain that looks like a partner's may be another one.",
    example: `version: 1
guests:
  - email: alice@bücher.example
    displayName: Alice
    sponsor: bob@ourcorp.example
    reason: Q3 audit of the shop platform
    access:
      - { role: Reader, scope: /subscriptions/${SUB} }
`,
    fix: "Check that the domain is the partner's real one; write it in ASCII (its xn-- form) to silence the warning.",
  },
  "invalid-sponsor": {
    severity: "error",
    phase: "guests",
    meaning:
      "A sponsor that is not an email address: the sponsor is the internal person accountable for the guest.",
    example: `version: 1
guests:
  - email: alice@contoso.example
    displayName: Alice
    sponsor: Bob from security
    reason: Q3 audit of the shop platform
    access:
      - { role: Reader, scope: /subscriptions/${SUB} }
`,
    fix: "Name the sponsor by their work email.",
  },
  "invalid-object-id": {
    severity: "error",
    phase: "guests",
    meaning: "An objectId (an existing user, never invited) that is not a GUID.",
    example: `version: 1
guests:
  - email: alice@contoso.example
    displayName: Alice
    sponsor: bob@ourcorp.example
    reason: Q3 audit of the shop platform
    objectId: alice
    access:
      - { role: Reader, scope: /subscriptions/${SUB} }
`,
    fix: "Copy the user's Object ID from Entra ID, or remove objectId to invite the guest.",
  },
  "invalid-assignment-name": {
    severity: "error",
    phase: "grants",
    meaning:
      "A grant's assignmentName (the existing role assignment to adopt, as guest-access drift prints it) that is not a GUID.",
    example: `version: 1
guests:
  - email: alice@contoso.example
    displayName: Alice
    sponsor: bob@ourcorp.example
    reason: Q3 audit of the shop platform
    access:
      - role: Reader
        scope: /subscriptions/${SUB}
        assignmentName: reader-for-alice
`,
    fix: "Copy the GUID at the end of the assignment's id (…/providers/Microsoft.Authorization/roleAssignments/<guid>), or remove assignmentName to create a new assignment.",
  },
  // --- groups: security groups that hold grants -----------------------------------------------------------
  "duplicate-group": {
    severity: "error",
    phase: "groups",
    meaning:
      "Two files of a declaration directory declare a group of the same name (within one file, YAML itself refuses the repeated key).",
    example: {
      "a.yaml": `version: 1
groups:
  auditors:
    sponsor: bob@ourcorp.example
    reason: Q3 audit of the shop platform
    access:
      - { role: Reader, scope: /subscriptions/${SUB} }
`,
      "b.yaml": `version: 1
groups:
  auditors:
    sponsor: bob@ourcorp.example
    reason: Q4 audit of the shop platform
    access:
      - { role: Reader, scope: /subscriptions/${SUB}/resourceGroups/shop-prod }
guests:
  - email: alice@contoso.example
    displayName: Alice
    sponsor: bob@ourcorp.example
    reason: Q3 audit of the shop platform
    memberOf: [auditors]
`,
    },
    fix: "Keep one of the two and merge their grants, or rename one (a renamed group is a new Entra ID group).",
  },
  "group-without-members": {
    severity: "warning",
    phase: "groups",
    meaning:
      "No guest names the group in memberOf: it is created with its role assignments, but grants nobody anything.",
    example: `version: 1
groups:
  auditors:
    sponsor: bob@ourcorp.example
    reason: Q3 audit of the shop platform
    access:
      - { role: Reader, scope: /subscriptions/${SUB} }
`,
    fix: "Add the group to memberOf of the guests who need it, or remove the group.",
  },
  "unknown-group": {
    severity: "error",
    phase: "groups",
    meaning:
      "A guest's memberOf names a group that no file declares under groups: (a near miss is suggested).",
    example: `version: 1
groups:
  auditors:
    sponsor: bob@ourcorp.example
    reason: Q3 audit of the shop platform
    access:
      - { role: Reader, scope: /subscriptions/${SUB} }
guests:
  - email: alice@contoso.example
    displayName: Alice
    sponsor: bob@ourcorp.example
    reason: Q3 audit of the shop platform
    memberOf: [auditors, auditers]
`,
    fix: "Name a group declared under groups: (names are lower-case), or declare the group.",
  },
  "duplicate-membership": {
    severity: "error",
    phase: "groups",
    meaning: "A guest's memberOf names the same group twice.",
    example: `version: 1
groups:
  auditors:
    sponsor: bob@ourcorp.example
    reason: Q3 audit of the shop platform
    access:
      - { role: Reader, scope: /subscriptions/${SUB} }
guests:
  - email: alice@contoso.example
    displayName: Alice
    sponsor: bob@ourcorp.example
    reason: Q3 audit of the shop platform
    memberOf: [auditors, auditors]
`,
    fix: "Remove one of the two.",
  },
  "grant-also-through-group": {
    severity: "warning",
    phase: "groups",
    meaning:
      "A guest is granted a role on a scope directly and also through a group it joins: two role assignments give the same access, and removing one leaves it.",
    example: `version: 1
groups:
  auditors:
    sponsor: bob@ourcorp.example
    reason: Q3 audit of the shop platform
    access:
      - { role: Reader, scope: /subscriptions/${SUB} }
guests:
  - email: alice@contoso.example
    displayName: Alice
    sponsor: bob@ourcorp.example
    reason: Q3 audit of the shop platform
    memberOf: [auditors]
    access:
      - { role: Reader, scope: /subscriptions/${SUB} }
`,
    fix: "Remove the direct grant (the group gives it), or take the guest out of the group.",
  },
  "duplicate-guest": {
    severity: "error",
    phase: "guests",
    meaning:
      "The same guest declared twice, in one file or across files. Emails compare without case: they are the guest's identity.",
    example: `version: 1
guests:
  - email: alice@contoso.example
    displayName: Alice
    sponsor: bob@ourcorp.example
    reason: Q3 audit of the shop platform
    access:
      - { role: Reader, scope: /subscriptions/${SUB} }
  - email: Alice@Contoso.example
    displayName: Alice
    sponsor: bob@ourcorp.example
    reason: Cost review
    access:
      - { role: Cost Management Reader, scope: /subscriptions/${SUB} }
`,
    fix: "Merge the two entries into one, with both grants.",
  },
  "guest-expired": {
    severity: "warning",
    phase: "guests",
    meaning:
      "The guest's expiry has passed: none of their grants is deployed, so the next `pulumi up` revokes them all. The guest's account is kept.",
    example: `version: 1
guests:
  - email: alice@contoso.example
    displayName: Alice
    sponsor: bob@ourcorp.example
    reason: Q3 audit of the shop platform
    expires: 2020-09-30
    access:
      - { role: Reader, scope: /subscriptions/${SUB} }
`,
    fix: "Extend expires if the guest still needs access, or remove the guest.",
  },
  "invitation-ignored": {
    severity: "warning",
    phase: "guests",
    meaning:
      "A guest referenced by objectId (an existing user, never invited) with invitation settings, which are therefore ignored.",
    example: `version: 1
guests:
  - email: alice@contoso.example
    displayName: Alice
    sponsor: bob@ourcorp.example
    reason: Q3 audit of the shop platform
    objectId: 7c0e4f1a-2b3d-4c5e-8f9a-0b1c2d3e4f5a
    invitation: { send: false }
    access:
      - { role: Reader, scope: /subscriptions/${SUB} }
`,
    fix: "Remove invitation and redirectUrl from the guest, or remove objectId to invite them.",
  },

  // --- grants: each { role, scope, expires } of a guest -----------------------------------------------------
  "unknown-role": {
    severity: "error",
    phase: "grants",
    meaning:
      "A role that is neither a built-in role (by name, in any case, or GUID) nor a custom role declared under roles:.",
    example: `version: 1
guests:
  - email: alice@contoso.example
    displayName: Alice
    sponsor: bob@ourcorp.example
    reason: Q3 audit of the shop platform
    access:
      - { role: Reeder, scope: /subscriptions/${SUB} }
`,
    fix: "Correct the name (the message suggests the closest role), use the role's GUID, or declare a custom role under roles:.",
  },
  "unknown-scope": {
    severity: "error",
    phase: "grants",
    meaning:
      "A grant's scope that is neither a name declared under scopes: nor a full scope starting with /.",
    example: `version: 1
scopes:
  shop-prod: /subscriptions/${SUB}/resourceGroups/shop-prod
guests:
  - email: alice@contoso.example
    displayName: Alice
    sponsor: bob@ourcorp.example
    reason: Q3 audit of the shop platform
    access:
      - { role: Reader, scope: shop-prd }
`,
    fix: "Name a scope declared under scopes: (the message lists them), or write the full scope.",
  },
  "duplicate-grant": {
    severity: "error",
    phase: "grants",
    meaning:
      "The same role on the same scope twice for one guest (scopes compare in their normalised form, roles by GUID).",
    example: `version: 1
scopes:
  shop-prod: /subscriptions/${SUB}/resourceGroups/shop-prod
guests:
  - email: alice@contoso.example
    displayName: Alice
    sponsor: bob@ourcorp.example
    reason: Q3 audit of the shop platform
    access:
      - { role: Reader, scope: shop-prod }
      - { role: reader, scope: /subscriptions/${SUB}/resourcegroups/SHOP-PROD }
`,
    fix: "Remove one of the two.",
  },
  "grant-expired": {
    severity: "warning",
    phase: "grants",
    meaning:
      "A grant whose expiry has passed: it is not deployed, so the next `pulumi up` revokes it. The guest's other grants are kept.",
    example: `version: 1
guests:
  - email: alice@contoso.example
    displayName: Alice
    sponsor: bob@ourcorp.example
    reason: Q3 audit of the shop platform
    access:
      - { role: Reader, scope: /subscriptions/${SUB} }
      - { role: Cost Management Reader, scope: /subscriptions/${SUB}, expires: 2020-09-30 }
`,
    fix: "Remove the grant, or extend its expires.",
  },
  "grant-outlives-guest": {
    severity: "warning",
    phase: "grants",
    meaning:
      "A grant that expires after its guest does: the guest's earlier date wins, so the grant's date misleads.",
    example: `version: 1
guests:
  - email: alice@contoso.example
    displayName: Alice
    sponsor: bob@ourcorp.example
    reason: Q3 audit of the shop platform
    expires: 2099-03-31
    access:
      - { role: Reader, scope: /subscriptions/${SUB}, expires: 2099-06-30 }
`,
    fix: "Align the two dates: shorten the grant's expires or extend the guest's.",
  },
  // --- stacks: the declaration split across stacks (every Pulumi.<stack>.yaml that deploys it) ------------
  "stack-config-invalid": {
    severity: "error",
    phase: "stacks",
    meaning:
      "A stack's guest-access config cannot say which part of the declaration it deploys: an unknown stackRole, a selector on a stack that is not a grants stack, a grants stack without identitiesStack, a list that is not a list.",
    example: {
      "Pulumi.yaml": PROJECT,
      "Pulumi.shop.yaml": "config:\n  guest-access:stackRole: grant\n",
      "access.yaml": declaredIn(SUB),
    },
    fix: "Set guest-access:stackRole to all (the default), identities or grants; give a grants stack guest-access:identitiesStack and its selectors (subscriptions, managementGroups, files).",
  },
  "stack-selects-nothing": {
    severity: "error",
    phase: "stacks",
    meaning:
      "A grants stack whose selectors match no grant of the declaration (a file holding only scopes, say): deployed, it would delete every grant it holds.",
    example: {
      "Pulumi.yaml": PROJECT,
      "Pulumi.identities.yaml": IDENTITIES,
      "Pulumi.shared.yaml": grantsStack("guest-access:files: [00-shared.yaml]"),
      "Pulumi.rest.yaml": grantsStack("guest-access:files: [shop.yaml]"),
      "00-shared.yaml": `version: 1\nscopes:\n  shop: /subscriptions/${SUB}\n`,
      "shop.yaml": declaredIn(SUB),
    },
    fix: "Select the stack's grants, or, once its grants have moved to other stacks and it holds none, remove the stack (pulumi stack rm) and its Pulumi.<stack>.yaml.",
  },
  "stack-unknown-scope": {
    severity: "error",
    phase: "stacks",
    meaning:
      "A grants stack selects a subscription or management group in which the declaration grants nothing: a typo, or a selector left behind when the grants moved.",
    example: {
      "Pulumi.yaml": PROJECT,
      "Pulumi.identities.yaml": IDENTITIES,
      "Pulumi.shop.yaml": grantsStack(`guest-access:subscriptions: [${SUB2}]`),
      "Pulumi.rest.yaml": grantsStack(`guest-access:subscriptions: [${SUB}]`),
      "access.yaml": declaredIn(SUB),
    },
    fix: "Correct the subscription id or management group name (the message lists the declaration's), or remove it from the stack's config.",
  },
  "stack-unknown-file": {
    severity: "error",
    phase: "stacks",
    meaning: "A grants stack selects a file that is not part of the declaration directory.",
    example: {
      "Pulumi.yaml": PROJECT,
      "Pulumi.identities.yaml": IDENTITIES,
      "Pulumi.audit.yaml": grantsStack("guest-access:files: [audits.yaml]"),
      "Pulumi.rest.yaml": grantsStack("guest-access:files: [audit.yaml]"),
      "audit.yaml": declaredIn(SUB),
    },
    fix: "Name a *.yaml file of the declaration directory by its file name (the message lists them), or remove it.",
  },
  "stack-identities-unknown": {
    severity: "error",
    phase: "stacks",
    meaning:
      "A grants stack reads object ids from a stack that is not this project's identities stack, so its guests' invitations are nobody's and its grants would go to nobody.",
    example: {
      "Pulumi.yaml": PROJECT,
      "Pulumi.ids.yaml": IDENTITIES,
      "Pulumi.shop.yaml": grantsStack(),
      "access.yaml": declaredIn(SUB),
    },
    fix: "Set guest-access:identitiesStack to the identities stack (the one with stackRole: identities), as org/project/stack.",
  },
  "grant-owned-by-no-stack": {
    severity: "error",
    phase: "stacks",
    meaning:
      "A declared grant that no stack's selectors select: it would be deployed nowhere, and a grant that moved there would be revoked.",
    example: {
      "Pulumi.yaml": PROJECT,
      "Pulumi.identities.yaml": IDENTITIES,
      "Pulumi.shop.yaml": grantsStack(`guest-access:subscriptions: [${SUB}]`),
      "access.yaml": declaredIn(SUB, SUB2),
    },
    fix: "Select the grant's subscription, management group or file in exactly one grants stack.",
  },
  "grant-owned-by-several-stacks": {
    severity: "error",
    phase: "stacks",
    meaning:
      "A declared grant that two or more stacks select: each would create the same role assignment under the same name, and ARM refuses the second.",
    example: {
      "Pulumi.yaml": PROJECT,
      "Pulumi.identities.yaml": IDENTITIES,
      "Pulumi.shop.yaml": grantsStack(`guest-access:subscriptions: [${SUB}]`),
      "Pulumi.audit.yaml": grantsStack("guest-access:files: [access.yaml]"),
      "access.yaml": declaredIn(SUB),
    },
    fix: 'Select the grant in one stack only. Moving it between stacks: see the README, "Many stacks".',
  },
  "invitation-owned-by-several-stacks": {
    severity: "error",
    phase: "stacks",
    meaning:
      "More than one stack deploys the invitations (two identities stacks, or an identities stack beside an all-in-one stack): each would invite the guest, and deleting one would delete the user.",
    example: {
      "Pulumi.yaml": PROJECT,
      "Pulumi.identities.yaml": IDENTITIES,
      "Pulumi.dev.yaml": "config:\n  guest-access:accessFile: access.yaml\n",
      "access.yaml": declaredIn(SUB),
    },
    fix: "Keep one stack that owns the invitations: one identities stack with grants stacks beside it, or one all-in-one stack alone.",
  },
  "group-owned-by-several-stacks": {
    severity: "error",
    phase: "stacks",
    meaning:
      "More than one stack deploys the groups (two identities stacks, or an identities stack beside an all-in-one stack): each would create the group's Entra ID security group, and the second is refused as a duplicate name.",
    example: {
      "Pulumi.yaml": PROJECT,
      "Pulumi.identities.yaml": IDENTITIES,
      "Pulumi.dev.yaml": "config:\n  guest-access:accessFile: access.yaml\n",
      "access.yaml": `version: 1
groups:
  auditors:
    sponsor: bob@ourcorp.example
    reason: Q3 audit of the shop platform
    access:
      - { role: Reader, scope: /subscriptions/${SUB} }
guests:
  - email: carol@fabrikam.example
    displayName: Carol
    objectId: 0b6f8a3c-2d4e-4f1a-9b8c-7d6e5f4a3b2c
    sponsor: bob@ourcorp.example
    reason: Q3 audit of the shop platform
    memberOf: [auditors]
`,
    },
    fix: "Keep one stack that owns the groups and invitations: one identities stack with grants stacks beside it, or one all-in-one stack alone.",
  },
} as const satisfies Readonly<Record<string, DiagnosticRow>>;

/** Every code a diagnostic can have. A literal that is not a row of `DIAGNOSTICS` does not compile. */
export type DiagnosticCode = keyof typeof DIAGNOSTICS;

/** The codes whose severity is `error`. */
export type ErrorCode = {
  [C in DiagnosticCode]: (typeof DIAGNOSTICS)[C]["severity"] extends "error" ? C : never;
}[DiagnosticCode];

/** The codes whose severity is `warning`. */
export type WarningCode = Exclude<DiagnosticCode, ErrorCode>;

/** Every code, in the reference's order. */
export const DIAGNOSTIC_CODES = Object.keys(DIAGNOSTICS) as DiagnosticCode[];
