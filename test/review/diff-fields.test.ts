/**
 * The diff's field rules (review/diff-fields.ts) against the model and the component. The type already refuses
 * a model field without a rule; these tests check that each compared field really shows in `diff` when only it
 * changes, and that each `sentAs` names the invitation input the real Guest component changes, so the "not
 * applied to the existing account" note follows from the inputs the component never updates.
 */

import { strict as assert } from "node:assert";
import type { GrantSpec, GuestSpec, ResolvedGuest } from "../../access/model";
import { INVITATION_TYPE } from "../../azure/tokens";
import { Guest } from "../../components/guest";
import { captureProgram, type CapturedResource } from "../../program/capture";
import {
  GRANT_FIELDS,
  GUEST_FIELDS,
  neverResent,
  type FieldRule,
  type InvitationInput,
} from "../../review/diff-fields";
import { diffModels } from "../../review/diff-model";

const SCOPE = "/subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b/resourceGroups/shop-prod";
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const AT = { file: "access.yaml", line: 1, column: 1, path: "" };

const GRANT: GrantSpec = {
  key: `${READER} ${SCOPE}`,
  role: { id: READER, name: "Reader", builtIn: true },
  roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
  scope: SCOPE,
  scopeName: "shop-prod",
  expires: "2027-03-31",
  description: "guest-access: alice@contoso.example; reason: Audit",
};

/** An invited guest whose invitation is sent in a language, so a message, a cc or a new language all show. */
const GUEST: GuestSpec = {
  email: "alice@contoso.example",
  displayName: "Alice",
  sponsor: "bob@ourcorp.example",
  reason: "Audit",
  expires: "2027-03-31",
  invitation: { redirectUrl: "https://portal.azure.com", send: true, language: "de-DE" },
  onRemove: "keep-user",
  grants: [GRANT],
};

/** A compared field: where it is in the model, and its rule. */
interface Leaf {
  readonly path: readonly string[];
  readonly field: string;
  readonly sentAs?: InvitationInput;
}

function leaves(table: object, prefix: readonly string[] = []): Leaf[] {
  return Object.entries(table as Record<string, FieldRule<unknown>>).flatMap(([key, rule]) => {
    const path = [...prefix, key];
    if ("ignored" in rule) return [];
    if ("within" in rule) return leaves(rule.within, path);
    return [rule.sentAs === undefined ? { path, field: rule.field } : { path, ...rule }];
  });
}

/** Another value of the same kind: a flipped boolean, a longer string, a string where there was none. */
function another(value: unknown): unknown {
  if (typeof value === "boolean") return !value;
  if (typeof value === "string") return `${value}-changed`;
  return "changed";
}

/** A copy of `value` with the field at `path` changed. */
function changedAt<T>(value: T, path: readonly string[]): T {
  const [head, ...rest] = path;
  if (head === undefined) return another(value) as T;
  const record = value as Record<string, unknown>;
  return { ...record, [head]: changedAt(record[head], rest) } as T;
}

function resolved(spec: GuestSpec): ResolvedGuest {
  return { spec, location: AT, grantLocations: {}, expiredGrants: [] };
}

function diffOf(before: GuestSpec, after: GuestSpec) {
  const model = (spec: GuestSpec) => ({
    files: ["access.yaml"],
    today: "2026-06-01",
    groups: [],
    guests: [resolved(spec)],
  });
  return diffModels(model(before), model(after));
}

async function invitationOf(spec: GuestSpec): Promise<CapturedResource> {
  const { resources } = await captureProgram({ stack: "test", preview: false, config: {} }, () => {
    new Guest(spec.email, spec);
    return Promise.resolve();
  });
  const invitation = resources.find((r) => r.type === INVITATION_TYPE);
  assert.ok(invitation, "the guest is invited");
  return invitation;
}

function changedInputs(a: CapturedResource, b: CapturedResource): string[] {
  const keys = new Set([...Object.keys(a.inputs), ...Object.keys(b.inputs)]);
  return [...keys]
    .filter((k) => JSON.stringify(a.inputs[k]) !== JSON.stringify(b.inputs[k]))
    .sort();
}

const guestLeaves = leaves(GUEST_FIELDS);
const grantLeaves = leaves(GRANT_FIELDS);

describe("the diff's field rules", () => {
  it("show each compared field under a name of its own", () => {
    const names = [
      ...guestLeaves,
      ...grantLeaves.map((l) => ({ ...l, field: `grant ${l.field}` })),
    ];
    assert.equal(new Set(names.map((l) => l.field)).size, names.length);
    assert.ok(guestLeaves.length >= 12 && grantLeaves.length >= 4, "the walk finds the rules");
  });

  describe("a guest field changed alone shows in the diff", () => {
    for (const leaf of guestLeaves) {
      it(`shows ${leaf.field}${neverResent(leaf.sentAs) ? ", noted as not applied to the existing account" : ""}`, () => {
        const diff = diffOf(GUEST, changedAt(GUEST, leaf.path));
        const fields = diff.changed[0]?.fields ?? [];
        assert.deepEqual(
          fields.map((f) => f.field),
          [leaf.field],
        );
        const noted = fields[0]?.note?.startsWith("not applied to the existing account") ?? false;
        assert.equal(noted, neverResent(leaf.sentAs));
      });
    }
  });

  describe("a grant field changed alone shows in the diff", () => {
    for (const leaf of grantLeaves) {
      it(`shows ${leaf.field}`, () => {
        const after = { ...GUEST, grants: [changedAt(GRANT, leaf.path)] };
        const changes = diffOf(GUEST, after).changed[0]?.grantsChanged[0]?.changes ?? [];
        assert.deepEqual(
          changes.map((c) => c.field),
          [leaf.field],
        );
      });
    }
  });

  describe("sentAs names the invitation input the Guest component changes", () => {
    let base: CapturedResource;
    before(async () => {
      base = await invitationOf(GUEST);
    });
    for (const leaf of guestLeaves) {
      it(`${leaf.field} is sent as ${leaf.sentAs ?? "no invitation input"}`, async () => {
        const changed = await invitationOf(changedAt(GUEST, leaf.path));
        assert.deepEqual(changedInputs(base, changed), leaf.sentAs ? [leaf.sentAs] : []);
        if (neverResent(leaf.sentAs))
          assert.ok(changed.options.ignoreChanges.includes(leaf.sentAs as string));
      });
    }
  });
});
