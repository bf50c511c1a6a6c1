/**
 * What a reviewer reads about a guest and a grant, shared by the text and markdown printers of `plan` and
 * `diff`: the account (invited or existing), each grant as role name and GUID, scope and expiry, and a label
 * for every resource so findings name "who, which role, where" instead of a hashed logical name.
 */

import { parseUrn } from "../../azure/urn";
import type { AccessModel, GrantSpec, ResolvedGuest } from "../../access/model";
import {
  grantResourceName,
  groupResourceName,
  invitationName,
  membershipResourceName,
} from "../../azure/names";

/** `Reader (acdd72a7-3385-48ef-bd42-f606fba81ae7)`. */
export function roleText(grant: GrantSpec): string {
  return `${grant.role.name} (${grant.role.id})`;
}

/** `shop-prod (/subscriptions/…/resourceGroups/shop-prod)`, or the bare scope when it has no name. */
export function scopeText(grant: GrantSpec): string {
  return grant.scopeName ? `${grant.scopeName} (${grant.scope})` : grant.scope;
}

/** `until 2027-03-31`, or `no expiry`. */
export function expiryText(expires: string | undefined): string {
  return expires ? `until ${expires}` : "no expiry";
}

/** How the guest's account comes to be, in a few words. */
export function accountText(guest: ResolvedGuest["spec"], identitiesStack?: string): string {
  if (!guest.invitation) return `existing user ${guest.objectId ?? "(no object id)"}`;
  // A grants stack holds no invitation: the identities stack invites, this one reads the object id.
  if (identitiesStack !== undefined) return `invited by the identities stack ${identitiesStack}`;
  return guest.invitation.send
    ? "invited, invitation email sent"
    : "invited, no email: share the redeem URL";
}

/** What removing the guest from the declaration would do. */
export function onRemoveText(guest: ResolvedGuest["spec"], identitiesStack?: string): string {
  if (!guest.invitation || identitiesStack !== undefined) return "removing revokes the grants only";
  return guest.onRemove === "delete-user"
    ? "removing deletes the account"
    : "removing keeps the account";
}

/** A label for every resource of the model, by logical name: `alice@x.example: Reader on shop-prod`. */
export function resourceLabels(model: AccessModel | undefined): ReadonlyMap<string, string> {
  const labels = new Map<string, string>();
  for (const { spec, expiredGrants } of model?.groups ?? []) {
    labels.set(spec.name, `group ${spec.name}`);
    labels.set(groupResourceName(spec.name), `group ${spec.name}: Entra ID group`);
    for (const { grant } of expiredGrants)
      labels.set(
        grantResourceName(spec.name, grant.key),
        `group ${spec.name}: ${grant.role.name} on ${grant.scopeName ?? grant.scope} (expired)`,
      );
    for (const grant of spec.grants)
      labels.set(
        grantResourceName(spec.name, grant.key),
        `group ${spec.name}: ${grant.role.name} on ${grant.scopeName ?? grant.scope}`,
      );
  }
  for (const { spec, expiredGrants } of model?.guests ?? []) {
    for (const group of spec.memberOf ?? [])
      labels.set(
        membershipResourceName(spec.email, group),
        `${spec.email}: member of group ${group}`,
      );
    for (const { grant } of expiredGrants) {
      labels.set(
        grantResourceName(spec.email, grant.key),
        `${spec.email}: ${grant.role.name} on ${grant.scopeName ?? grant.scope} (expired)`,
      );
    }
    labels.set(spec.email, spec.email);
    labels.set(invitationName(spec.email), `${spec.email}: invitation`);
    for (const grant of spec.grants) {
      labels.set(
        grantResourceName(spec.email, grant.key),
        `${spec.email}: ${grant.role.name} on ${grant.scopeName ?? grant.scope}`,
      );
    }
  }
  return labels;
}

/** The label of a URN: from the model when it names one of its resources, else the URN's logical name. */
export function labelOfUrn(
  urn: string | null | undefined,
  labels: ReadonlyMap<string, string>,
): string {
  if (!urn) return "(stack)";
  const name = parseUrn(urn)?.name || urn;
  return labels.get(name) ?? name;
}
