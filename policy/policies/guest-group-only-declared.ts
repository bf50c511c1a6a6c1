/**
 * Groups are declared, like grants. A guest joins only groups declared in access.yaml (a `Group` component's
 * `azuread.Group`): a membership in any other group (a literal object id of an existing group, an
 * `azuread.Group` made elsewhere in the program) could hand the guest whatever that group holds, past every
 * guardrail. And a declared group is joined only by Guests and granted only by its own `Group` component:
 * otherwise its grants, which every guardrail judged for guests, would reach whoever was added, and
 * assignments no guardrail judged would reach its guests.
 *
 * Decided from the stack, not from access.yaml, so editing the file cannot switch it off: the tie between a
 * membership and a group is the property dependency of `groupObjectId` on the group's URN (known in preview,
 * when a new group's object id is not), checked against the values once both are known.
 *
 * And a `Group` component grants only what it declares, only to its own group: each role assignment under it
 * is one of the grants its outputs declare (role and scope), for the object id of its own `azuread.Group`,
 * or, in a grants stack (where the group is the identities stack's and the Group names that stack in its
 * outputs), for an object id read through a `StackReference` of exactly that stack.
 */

import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import {
  GROUP_COMPONENT_TYPE,
  GROUP_MEMBER_TYPE,
  GROUP_TYPE,
  isRoleAssignmentType,
  STACK_REFERENCE_TYPE,
} from "../../azure/tokens";
import { grantKey } from "../../azure/names";
import { roleGuidOf } from "../../azure/roles";
import { parseScope } from "../../azure/scope";
import { nameOfUrn, typeOfUrn } from "../../azure/urn";
import { describeRole } from "../lib/catalog";
import { declaredGroups, groupReferenceOf, type DeclaredGroup } from "../lib/declared-groups";
import { isUnderGroupComponent, isUnderGuestComponent } from "../lib/guest-assignment";
import type { GuardrailMetadata } from "../lib/guest-assignment-policy";
import { ifKnown, isUnknown, knownString } from "../lib/known";

/** The policy's name. */
export const GUEST_GROUP_ONLY_DECLARED = "guest-group-only-declared";

const metadata: GuardrailMetadata = {
  name: GUEST_GROUP_ONLY_DECLARED,
  description:
    "A guest joins only groups declared in access.yaml, a declared group is joined only by Guests and " +
    "granted roles only by its own Group component, and a Group grants only the roles it declares, only to " +
    "its own group.",
  severity: "critical",
  enforcementLevel: "mandatory",
  remediationSteps:
    "Declare the group under groups: in access.yaml and join it with memberOf; never add members to a declared " +
    "group, or roles to it, elsewhere in the program.",
  configSchema: { properties: {} },
};

function parentOf(resource: PolicyResource): string | undefined {
  return resource.parent?.urn ?? resource.opts.parent;
}

/** The violations over a stack, each on its resource. */
export function groupProblems(
  resources: readonly PolicyResource[],
): { readonly urn: string; readonly message: string }[] {
  const groups = declaredGroups(resources);
  const components = new Map(
    resources.filter((r) => r.type === GROUP_COMPONENT_TYPE).map((r) => [r.urn, r]),
  );
  const problems: { urn: string; message: string }[] = [];
  for (const resource of resources) {
    const parent = parentOf(resource);
    if (resource.type === GROUP_MEMBER_TYPE) {
      const reference = groupReferenceOf(resource, "groupObjectId", groups);
      const underGuest = isUnderGuestComponent(resource.urn, parent);
      if (underGuest && !reference.declared) {
        const guest = parent !== undefined ? nameOfUrn(parent) : resource.name;
        problems.push({
          urn: resource.urn,
          message: `guest ${guest}: membership ${resource.name} joins a group not declared in access.yaml: ${reference.problem}`,
        });
      } else if (!underGuest && reference.declared) {
        problems.push({
          urn: resource.urn,
          message: `group member ${resource.name} is added to declared group ${reference.declared.name} outside a Guest component; only guests join declared groups, through memberOf`,
        });
      }
    } else if (isRoleAssignmentType(resource.type)) {
      const reference = groupReferenceOf(resource, "principalId", groups);
      if (reference.declared && !ownedBy(reference.declared, parent))
        problems.push({
          urn: resource.urn,
          message: `role assignment ${resource.name} grants declared group ${reference.declared.name} a role outside its Group component; declare the grant under groups.${reference.declared.name}.access`,
        });
      else if (isUnderGroupComponent(resource.urn, parent)) {
        for (const problem of [
          undeclaredGrantProblem(resource, parent, components),
          principalProblem(resource, parent, components, reference),
        ])
          if (problem) problems.push({ urn: resource.urn, message: problem });
      }
    } else if (groups.has(resource.urn) && !isUnknown(() => resource.props.members)) {
      const members: unknown = resource.props.members;
      if (Array.isArray(members) && members.length > 0)
        problems.push({
          urn: resource.urn,
          message: `declared group ${groups.get(resource.urn)?.name ?? resource.name} lists members of its own; its members are the guests that name it in memberOf`,
        });
    }
  }
  return problems;
}

/**
 * Why a role assignment under a Group component is not one of the grants the Group declares in its outputs
 * (`specs/group.ts` groupDeclaration), if it is not. An unknown role or scope is the role and scope rules'
 * to report; a Group whose outputs declare no grants list (registered by hand) declares none.
 */
function undeclaredGrantProblem(
  assignment: PolicyResource,
  parent: string | undefined,
  components: ReadonlyMap<string, PolicyResource>,
): string | undefined {
  const props = assignment.props;
  if (isUnknown(() => props.roleDefinitionId) || isUnknown(() => props.scope)) return undefined;
  const component = parent !== undefined ? components.get(parent) : undefined;
  const grants: unknown = component ? ifKnown((): unknown => component.props.grants) : undefined;
  const declared = new Set<string>();
  for (const grant of Array.isArray(grants) ? (grants as unknown[]) : []) {
    if (typeof grant !== "object" || grant === null) continue;
    const g = grant as Record<string, unknown>;
    const guid = typeof g.roleId === "string" ? roleGuidOf(g.roleId) : undefined;
    const scope = typeof g.scope === "string" ? parseScope(g.scope) : undefined;
    if (guid !== undefined && scope?.ok) declared.add(grantKey(guid, scope.scope.id));
  }
  const id = knownString(() => props.roleDefinitionId);
  const guid = id === undefined ? undefined : roleGuidOf(id);
  const raw = knownString(() => props.scope);
  const scope = raw === undefined ? undefined : parseScope(raw);
  if (guid !== undefined && scope?.ok && declared.has(grantKey(guid, scope.scope.id)))
    return undefined;
  const name = parent !== undefined ? nameOfUrn(parent) : assignment.name;
  return `group ${name}: role assignment ${assignment.name} grants ${guid ? describeRole(guid) : JSON.stringify(id ?? null)} on ${scope?.ok ? scope.scope.id : JSON.stringify(raw ?? null)}, which none of the Group's grants declares`;
}

/**
 * Why a role assignment under a Group component is not for that group, if it is not: its principal must come
 * from the Group's own `azuread.Group`, or, when the Group names an identities stack in its outputs (a grants
 * stack), from a `StackReference` of exactly that stack and from no group of this stack.
 */
function principalProblem(
  assignment: PolicyResource,
  parent: string | undefined,
  components: ReadonlyMap<string, PolicyResource>,
  reference: ReturnType<typeof groupReferenceOf>,
): string | undefined {
  const name = parent !== undefined ? nameOfUrn(parent) : assignment.name;
  const component = parent !== undefined ? components.get(parent) : undefined;
  // The stack view of a component is its registered outputs (`specs/group.ts` groupDeclaration).
  const identitiesStack = component && knownString(() => component.props.identitiesStack);
  const who = `group ${name}: role assignment ${assignment.name}`;
  if (identitiesStack !== undefined) {
    const dependencies = assignment.propertyDependencies.principalId ?? [];
    const fromStack = dependencies.some(
      (d) => d.type === STACK_REFERENCE_TYPE && d.name === identitiesStack,
    );
    if (!fromStack || reference.declared)
      return `${who} has a principalId that does not come from the identities stack ${identitiesStack} (a StackReference of that name), where the group is declared`;
    return undefined;
  }
  if (reference.declared?.name === name) return undefined;
  return `${who} is not for the group's own Entra ID group: ${reference.declared ? `its principalId is group ${reference.declared.name}'s` : reference.problem}`;
}

/** Whether `parent` is the Group component that declares `group`. */
function ownedBy(group: DeclaredGroup, parent: string | undefined): boolean {
  return (
    parent !== undefined &&
    typeOfUrn(parent) === GROUP_COMPONENT_TYPE &&
    nameOfUrn(parent) === group.name
  );
}

/** `guest-group-only-declared`: memberships and group grants only as access.yaml declares them. */
export const guestGroupOnlyDeclared: StackValidationPolicy = {
  ...metadata,
  validateStack: (args, reportViolation) => {
    const relevant = args.resources.some(
      (r) =>
        r.type === GROUP_MEMBER_TYPE || r.type === GROUP_COMPONENT_TYPE || r.type === GROUP_TYPE,
    );
    if (!relevant) return args.notApplicable("the stack has no group and no group membership");
    for (const { urn, message } of groupProblems(args.resources)) reportViolation(message, urn);
  },
};
