/**
 * `guest-grant-declared-by-guest`: a `Guest` component is what it says. Anything can register a component of
 * type `guest-access:index:Guest`, and the per-resource rules trust its children; so over the stack, every
 * child must be one the Guest declares: each role assignment one of its grants (role and scope), for the
 * guest's own principal (from its own invitation, or its `objectId`), its invitation for its email, and each
 * group membership one of its `memberOf`, for the guest's own principal (whether that group is a declared one
 * is `guest-group-only-declared`'s to judge).
 *
 * The declaration is read from the stack view alone, so the rule keeps no state between requests: the
 * engine's `AnalyzeStack` carries each resource's outputs (not its inputs), and a Guest registers its
 * declaration as its outputs (`azure/guest-declaration.ts`; the engine source is cited in docs/providers.md,
 * "What a policy sees of a component"). A Guest whose outputs hold none fails closed.
 */

import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import type { DeclaredGrant } from "../../azure/guest-declaration";
import { roleGuidOf } from "../../azure/roles";
import { grantKey } from "../../azure/names";
import { parseScope } from "../../azure/scope";
import {
  GROUP_MEMBER_TYPE,
  GUEST_COMPONENT_TYPE,
  INVITATION_TYPE,
  STACK_REFERENCE_TYPE,
} from "../../azure/tokens";
import { declaredGroups, groupReferenceOf, type DeclaredGroup } from "../lib/declared-groups";
import { describeRole } from "../lib/catalog";
import type { GuardrailMetadata } from "../lib/guest-assignment-policy";
import { ifKnown, isUnknown, knownString } from "../lib/known";
import { isRoleAssignmentType } from "../../azure/tokens";
import { parentTypeOfUrn } from "../../azure/urn";

/** The policy's name. */
export const GUEST_GRANT_DECLARED_BY_GUEST = "guest-grant-declared-by-guest";

const metadata: GuardrailMetadata = {
  name: GUEST_GRANT_DECLARED_BY_GUEST,
  description:
    "Every resource under a Guest component must be one the Guest declares: a role assignment for one of its " +
    "grants and for the guest's own principal (from its invitation, its identities stack or its objectId), " +
    "and an invitation for the guest's email.",
  severity: "critical",
  enforcementLevel: "mandatory",
  remediationSteps:
    "Declare guests only through access.yaml and the program's Guest component; never register a component " +
    "of type guest-access:index:Guest or add children to one elsewhere in the program.",
  configSchema: { properties: {} },
};

/** A Guest's declaration, normalised for comparison with its children. */
export interface NormalisedDeclaration {
  /** The email, lower-case. */
  readonly email: string;
  /** Whether the guest is invited (else referenced by `objectId`). */
  readonly invited: boolean;
  /** The existing user's object id, lower-case, when referenced by one. */
  readonly objectId?: string;
  /**
   * The identities stack holding an invited guest's invitation when it is not the Guest's child (a grants
   * stack): the principal then comes from a `StackReference` of exactly that name.
   */
  readonly identitiesStack?: string;
  /** `<role GUID> <normalised scope>` of every grant. */
  readonly grants: ReadonlySet<string>;
  /** The groups the guest declares it joins. */
  readonly memberOf: ReadonlySet<string>;
}

/**
 * The declaration a Guest registered as its outputs (`azure/guest-declaration.ts`), read from its stack view;
 * undefined when the outputs hold none (a Guest deployed before it registered one, or one registered by
 * hand). Grants that are not `{ roleId, scope }` strings are left out, so their children are reported.
 */
export function declarationOf(outputs: Record<string, unknown>): NormalisedDeclaration | undefined {
  const email = knownString(() => outputs.email);
  const invited = ifKnown(() => outputs.invited);
  const grants = ifKnown(() => outputs.grants);
  const objectId = knownString(() => outputs.objectId)?.toLowerCase();
  const identitiesStack = knownString(() => outputs.identitiesStack);
  if (email === undefined || typeof invited !== "boolean" || !Array.isArray(grants))
    return undefined;
  if (!invited && objectId === undefined) return undefined;
  const keys = new Set<string>();
  for (const grant of grants as unknown[]) {
    if (typeof grant !== "object" || grant === null) continue;
    const g = grant as Partial<Record<keyof DeclaredGrant, unknown>>;
    const roleId = knownString(() => g.roleId);
    const guid = roleId === undefined ? undefined : roleGuidOf(roleId);
    const rawScope = knownString(() => g.scope);
    const scope = rawScope === undefined ? undefined : parseScope(rawScope);
    if (guid !== undefined && scope?.ok) keys.add(grantKey(guid, scope.scope.id));
  }
  const memberOf = ifKnown(() => outputs.memberOf);
  return {
    email: email.toLowerCase(),
    invited,
    ...(!invited && objectId !== undefined ? { objectId } : {}),
    ...(invited && identitiesStack ? { identitiesStack } : {}),
    grants: keys,
    memberOf: new Set(
      Array.isArray(memberOf) ? memberOf.filter((m): m is string => typeof m === "string") : [],
    ),
  };
}

/** The message for a Guest whose stack view holds no declaration: its children cannot be verified. */
export function declarationMissingMessage(name: string): string {
  return (
    `guest ${name}: the Guest component's outputs declare no email, principal and grants, so its children ` +
    "cannot be verified; it was deployed by an older guest-access program (or registered by hand): " +
    "deploy it with the current program, whose Guest registers its declaration"
  );
}

function parentOf(resource: PolicyResource): string | undefined {
  return resource.parent?.urn ?? resource.opts.parent;
}

/** The problems with one Guest's children. */
function guestProblems(
  guest: PolicyResource,
  declaration: NormalisedDeclaration,
  children: readonly PolicyResource[],
  groups: ReadonlyMap<string, DeclaredGroup>,
): { urn: string; message: string }[] {
  const problems: { urn: string; message: string }[] = [];
  const who = `guest ${declaration.email}`;
  const invitations = children.filter((c) => c.type === INVITATION_TYPE);
  const own = declaration.invited && declaration.identitiesStack === undefined;
  if (invitations.length !== (own ? 1 : 0))
    problems.push({
      urn: guest.urn,
      message: `${who} declares ${own ? "an invitation" : declaration.invited ? `its invitation in the identities stack ${declaration.identitiesStack ?? ""}, none here,` : "an existing user (objectId), no invitation"} but has ${invitations.length} Invitation children`,
    });
  for (const invitation of invitations) {
    const email = knownString(() => invitation.props.userEmailAddress);
    if (email === undefined || email.toLowerCase() !== declaration.email)
      problems.push({
        urn: invitation.urn,
        message: `${who}: invitation ${invitation.name} is for ${email ?? "an unknown address"}, not the guest's email`,
      });
  }
  for (const child of children) {
    if (child.type === INVITATION_TYPE) continue;
    if (child.type === GROUP_MEMBER_TYPE) {
      problems.push(
        ...membershipProblems(child, declaration, invitations, groups).map((message) => ({
          urn: child.urn,
          message: `${who}: membership ${child.name} ${message}`,
        })),
      );
      continue;
    }
    if (!isRoleAssignmentType(child.type)) {
      problems.push({
        urn: child.urn,
        message: `${who}: a Guest declares only its invitation, role assignments and group memberships, not ${child.type} ${child.name}`,
      });
      continue;
    }
    problems.push(
      ...assignmentProblems(child, declaration, invitations).map((message) => ({
        urn: child.urn,
        message: `${who}: role assignment ${child.name} ${message}`,
      })),
    );
  }
  return problems;
}

/**
 * A membership's problems: its group must be one of the guest's `memberOf` (a group not declared at all is
 * `guest-group-only-declared`'s), and its member the guest's own principal.
 */
function membershipProblems(
  membership: PolicyResource,
  declaration: NormalisedDeclaration,
  ownInvitations: readonly PolicyResource[],
  groups: ReadonlyMap<string, DeclaredGroup>,
): string[] {
  const problems: string[] = [];
  const group = groupReferenceOf(membership, "groupObjectId", groups).declared;
  if (group && !declaration.memberOf.has(group.name))
    problems.push(`joins group ${group.name}, which the Guest's memberOf does not declare`);
  problems.push(...principalProblems(membership, "memberObjectId", declaration, ownInvitations));
  return problems;
}

function assignmentProblems(
  assignment: PolicyResource,
  declaration: NormalisedDeclaration,
  ownInvitations: readonly PolicyResource[],
): string[] {
  const problems: string[] = [];
  const props = assignment.props;
  // An unknown role or scope is reported by the role and scope rules on the Guest's own assignment.
  if (!isUnknown(() => props.roleDefinitionId) && !isUnknown(() => props.scope)) {
    const id = knownString(() => props.roleDefinitionId);
    const guid = id === undefined ? undefined : roleGuidOf(id);
    const raw = knownString(() => props.scope);
    const scope = raw === undefined ? undefined : parseScope(raw);
    if (guid === undefined || !scope?.ok || !declaration.grants.has(grantKey(guid, scope.scope.id)))
      problems.push(
        `grants ${guid ? describeRole(guid) : JSON.stringify(id ?? null)} on ${scope?.ok ? scope.scope.id : JSON.stringify(raw ?? null)}, which none of the Guest's grants declares`,
      );
  }
  problems.push(...principalProblems(assignment, "principalId", declaration, ownInvitations));
  return problems;
}

/**
 * Whether a child's principal input (`principalId`, `memberObjectId`) is the guest's own: from its own
 * invitation when invited, else its literal objectId.
 */
function principalProblems(
  child: PolicyResource,
  input: string,
  declaration: NormalisedDeclaration,
  ownInvitations: readonly PolicyResource[],
): string[] {
  const problems: string[] = [];
  const dependencies = child.propertyDependencies[input] ?? [];
  const fromInvitations = dependencies.filter((d) => d.type === INVITATION_TYPE);
  if (declaration.invited && declaration.identitiesStack !== undefined) {
    // A grants stack: the object id is the identities stack's output, read through its StackReference.
    const stack = declaration.identitiesStack;
    if (
      fromInvitations.length > 0 ||
      !dependencies.some((d) => d.type === STACK_REFERENCE_TYPE && d.name === stack)
    )
      problems.push(
        `has a principalId that does not come from the identities stack ${stack} (a StackReference of that name)`,
      );
    return problems;
  }
  if (declaration.invited) {
    // How many invitations the Guest has, and for whom, is reported on the Guest and on each invitation.
    const own = new Set(ownInvitations.map((i) => i.urn));
    if (!fromInvitations.some((d) => own.has(d.urn))) {
      const other = fromInvitations.find((d) => !own.has(d.urn));
      problems.push(
        `has a ${input} that does not come from the guest's own invitation${other ? ` (it comes from ${other.name})` : ""}`,
      );
    }
    return problems;
  }
  if (fromInvitations.length > 0) {
    problems.push(
      `has a ${input} from invitation ${fromInvitations[0]?.name ?? "?"}, but the guest is an existing user`,
    );
    return problems;
  }
  if (isUnknown(() => child.props[input])) {
    problems.push(`cannot be verified: ${input} is unknown, but the guest's objectId is literal`);
    return problems;
  }
  const principalId = knownString(() => child.props[input])?.toLowerCase();
  if (declaration.objectId !== undefined && principalId !== declaration.objectId)
    problems.push(
      `has ${input} ${principalId ?? "nothing"}, not the guest's objectId ${declaration.objectId}`,
    );
  return problems;
}

/** The policy: a stack check, over the stack view alone. */
export const guestGrantDeclaredByGuest: StackValidationPolicy = {
  ...metadata,
  validateStack: (args, reportViolation) => {
    const guests = args.resources.filter((r) => r.type === GUEST_COMPONENT_TYPE);
    const guestUrns = new Set(guests.map((g) => g.urn));
    const orphans = args.resources.filter(
      (r) => parentTypeOfUrn(r.urn) === GUEST_COMPONENT_TYPE && !guestUrns.has(parentOf(r) ?? ""),
    );
    if (guests.length === 0 && orphans.length === 0)
      return args.notApplicable("the stack has no Guest component");
    for (const orphan of orphans)
      reportViolation(
        `${orphan.type} ${orphan.name} is declared under a Guest component the stack does not hold, so it cannot be verified`,
        orphan.urn,
      );
    // Grouped once: filtering every resource per guest made the check quadratic (13.7 s at 10,000 guests).
    const childrenOf = new Map<string, PolicyResource[]>();
    for (const r of args.resources) {
      const parent = parentOf(r);
      if (parent === undefined) continue;
      const siblings = childrenOf.get(parent);
      if (siblings) siblings.push(r);
      else childrenOf.set(parent, [r]);
    }
    const groups = declaredGroups(args.resources);
    for (const guest of guests) {
      // The stack view of a component is its registered outputs: the Guest's declaration.
      const declaration = declarationOf(guest.props);
      if (!declaration) {
        reportViolation(declarationMissingMessage(guest.name), guest.urn);
        continue;
      }
      const children = childrenOf.get(guest.urn) ?? [];
      for (const { urn, message } of guestProblems(guest, declaration, children, groups))
        reportViolation(message, urn);
    }
  },
};
