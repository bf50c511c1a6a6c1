/**
 * What `diff` compares of each field of the model, and why it ignores the rest. Every field of `GuestSpec`,
 * `InvitationSpec`, `GrantSpec` and `RoleRef` (access/model.ts) must have a rule here, or this file does not
 * compile: a new field cannot silently vanish from the diff.
 *
 * A compared field that an invitation is sent with names the invitation input it feeds (`sentAs`). Whether a
 * change of it reaches an existing account then follows from `INVITATION_COSMETIC_INPUTS`, the one list of
 * inputs the component never updates (test/review/diff-fields.test.ts checks `sentAs` against the component).
 */

import type { InvitationArgs } from "@pulumi/azuread";
import type { GrantSpec, GroupSpec, GuestSpec, InvitationSpec, RoleRef } from "../access/model";
import { INVITATION_COSMETIC_INPUTS } from "../azure/invitation";

/** One field that differs, with both values (absent is null). */
export interface FieldChange {
  readonly field: string;
  readonly before: string | null;
  readonly after: string | null;
  /** What the change does (or does not do) in Azure, when that is not obvious. */
  readonly note?: string;
}

/** An input of the bridged `azuread_invitation`. */
export type InvitationInput = keyof InvitationArgs;

/** How the diff treats one field. */
export type FieldRule<V> =
  /** Compared, and shown under this name; `sentAs` is the invitation input it is sent as, if any. */
  | { readonly field: string; readonly sentAs?: InvitationInput }
  /** An object whose own fields are compared one by one. */
  | { readonly within: FieldTable<V> }
  /** Not compared, with the reason. */
  | { readonly ignored: string };

/** Every key of every member of a union (`keyof` alone keeps only the keys all members share). */
type KeysOf<T> = T extends unknown ? keyof T : never;
/** The type of a key in whichever members of a union have it. */
type ValueOf<T, K extends PropertyKey> = T extends unknown
  ? K extends keyof T
    ? NonNullable<T[K]>
    : never
  : never;

/** A rule for every field of a model type: leaving one out does not compile. The order is the output's. */
export type FieldTable<T> = { readonly [K in KeysOf<T>]-?: FieldRule<ValueOf<T, K>> };

/** The fields of a role reference. */
export const ROLE_FIELDS: FieldTable<RoleRef> = {
  id: { ignored: "part of the grant's key: another role is another grant" },
  name: { field: "roleName" },
  builtIn: { ignored: "follows from the role GUID, which is part of the grant's key" },
};

/** The fields of a grant, compared between two grants with the same key. */
export const GRANT_FIELDS: FieldTable<GrantSpec> = {
  key: {
    ignored: "the grant's identity (role GUID and normalised scope): grants are matched by it",
  },
  expires: { field: "expires" },
  description: { field: "description" },
  // The same role and scope under another name in the file: cosmetic, shown so the diff explains itself.
  scopeName: { field: "scopeName" },
  role: { within: ROLE_FIELDS },
  roleDefinitionId: { ignored: "follows from the role GUID and the scope, both part of the key" },
  // The Azure name of an adopted assignment: changing it replaces the role assignment under the new name.
  assignmentName: { field: "assignmentName" },
  scope: { ignored: "part of the grant's key: another scope is another grant" },
};

/** The fields of an invitation's settings. */
export const INVITATION_FIELDS: FieldTable<InvitationSpec> = {
  send: { field: "invitation.send", sentAs: "message" },
  redirectUrl: { field: "invitation.redirectUrl", sentAs: "redirectUrl" },
  message: { field: "invitation.message", sentAs: "message" },
  language: { field: "invitation.language", sentAs: "message" },
  cc: { field: "invitation.cc", sentAs: "message" },
};

/** The fields of a guest, compared between two guests with the same email. */
export const GUEST_FIELDS: FieldTable<GuestSpec> = {
  email: { ignored: "the guest's identity: guests are matched by it" },
  displayName: { field: "displayName", sentAs: "userDisplayName" },
  sponsor: { field: "sponsor" },
  reason: { field: "reason" },
  ticket: { field: "ticket" },
  expires: { field: "expires" },
  onRemove: { field: "onRemove" },
  objectId: { field: "objectId" },
  invitation: { within: INVITATION_FIELDS },
  grants: { ignored: "compared grant by grant, by key: added, removed, changed or moved" },
  memberOf: { ignored: "compared group by group: memberships added or removed" },
};

/** The fields of a group, compared between two groups with the same name. */
export const GROUP_FIELDS: FieldTable<GroupSpec> = {
  name: { ignored: "the group's identity: groups are matched by it" },
  displayName: { ignored: "follows from the name" },
  description: { ignored: "follows from the name and the sponsor" },
  sponsor: { field: "sponsor" },
  reason: { field: "reason" },
  ticket: { field: "ticket" },
  grants: { ignored: "compared grant by grant, by key: added, removed or changed" },
};

/** A rule as the walk below reads it, whatever the model type. */
type AnyRule =
  | { readonly field: string; readonly sentAs?: InvitationInput }
  | { readonly within: Readonly<Record<string, AnyRule>> }
  | { readonly ignored: string };

/** A field that differs, with the rule that compared it. */
export interface RuledChange {
  readonly change: FieldChange;
  readonly sentAs?: InvitationInput;
}

function text(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value;
  if (typeof value === "boolean" || typeof value === "number") return String(value);
  return JSON.stringify(value);
}

function member(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null
    ? (value as Readonly<Record<string, unknown>>)[key]
    : undefined;
}

/** The fields that differ between two values of a model type (either may be absent), in the table's order. */
export function fieldChanges<T>(
  table: FieldTable<T>,
  before: T | undefined,
  after: T | undefined,
): RuledChange[] {
  return walk(table, before, after);
}

function walk(
  table: Readonly<Record<string, AnyRule>>,
  before: unknown,
  after: unknown,
): RuledChange[] {
  return Object.entries(table).flatMap(([key, rule]): RuledChange[] => {
    if ("ignored" in rule) return [];
    const old = member(before, key);
    const now = member(after, key);
    if ("within" in rule) return walk(rule.within, old, now);
    const [was, is] = [text(old), text(now)];
    if (was === is) return [];
    const change = { field: rule.field, before: was, after: is };
    return [rule.sentAs === undefined ? { change } : { change, sentAs: rule.sentAs }];
  });
}

/**
 * Whether a field is sent only as inputs the component never updates on an existing invitation
 * (`ignoreChanges`): changing it shapes only a future invitation, never the account that exists.
 */
export function neverResent(sentAs: InvitationInput | undefined): boolean {
  return sentAs !== undefined && (INVITATION_COSMETIC_INPUTS as readonly string[]).includes(sentAs);
}
