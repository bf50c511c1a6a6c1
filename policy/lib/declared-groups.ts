/**
 * Which Entra ID groups of a stack are declared ones: an `azuread.Group` registered by a `Group` component
 * (the program registers a group only there, from access.yaml's `groups:`). A membership or a role assignment
 * is tied to a declared group by what is known during preview as well as during an update: the property
 * dependency of its `groupObjectId` / `principalId` on the group's URN, and, when both values are known, the
 * group's object id itself.
 */

import type { PolicyResource } from "@pulumi/policy";
import { GROUP_COMPONENT_TYPE, GROUP_TYPE } from "../../azure/tokens";
import { nameOfUrn, parentTypeOfUrn, typeOfUrn } from "../../azure/urn";
import { isUnknown, knownString } from "./known";

/** A declared group as the stack shows it. */
export interface DeclaredGroup {
  /** The URN of its `azuread.Group`. */
  readonly urn: string;
  /** The group's name: its `Group` component's logical name. */
  readonly name: string;
  /** Its object id, when known (after an update). */
  readonly objectId?: string;
}

function parentOf(resource: PolicyResource): string | undefined {
  return resource.parent?.urn ?? resource.opts.parent;
}

/** Every `azuread.Group` under a `Group` component, by URN. */
export function declaredGroups(resources: readonly PolicyResource[]): Map<string, DeclaredGroup> {
  const groups = new Map<string, DeclaredGroup>();
  for (const resource of resources) {
    if (resource.type !== GROUP_TYPE) continue;
    const parent = parentOf(resource);
    const underGroup =
      parent !== undefined
        ? typeOfUrn(parent) === GROUP_COMPONENT_TYPE
        : parentTypeOfUrn(resource.urn) === GROUP_COMPONENT_TYPE;
    if (!underGroup) continue;
    const objectId = knownString(() => resource.props.objectId)?.toLowerCase();
    groups.set(resource.urn, {
      urn: resource.urn,
      name: parent !== undefined ? nameOfUrn(parent) : resource.name,
      ...(objectId ? { objectId } : {}),
    });
  }
  return groups;
}

/** How an input names a group: the declared group it is tied to, or why it is not tied to one. */
export type GroupReference =
  | { readonly declared: DeclaredGroup }
  | { readonly declared?: undefined; readonly problem: string };

/**
 * The declared group an object-id input (`groupObjectId`, `principalId`) refers to. It must depend on a
 * declared group's URN, and when both its value and the group's object id are known they must be equal (a
 * value computed from the group but replaced by another id is caught once known); or, with no such
 * dependency, be the known object id of a declared group.
 */
export function groupReferenceOf(
  resource: PolicyResource,
  input: string,
  groups: ReadonlyMap<string, DeclaredGroup>,
): GroupReference {
  const value = knownString(() => resource.props[input])?.toLowerCase();
  const unknown = isUnknown(() => resource.props[input]);
  const dependencies = resource.propertyDependencies[input] ?? [];
  const tied = dependencies.map((d) => groups.get(d.urn)).find((g) => g !== undefined);
  if (tied) {
    if (value !== undefined && tied.objectId !== undefined && value !== tied.objectId)
      return {
        problem: `its ${input} ${value} comes from group ${tied.name} but is not that group's object id ${tied.objectId}`,
      };
    if (unknown && tied.objectId !== undefined)
      return {
        problem: `its ${input} is unknown although group ${tied.name}'s object id is known, so it cannot be verified`,
      };
    return { declared: tied };
  }
  const byValue = [...groups.values()].find((g) => value !== undefined && g.objectId === value);
  if (byValue) return { declared: byValue };
  if (unknown)
    return {
      problem: `its ${input} is unknown and comes from no group declared in access.yaml`,
    };
  return {
    problem:
      value === undefined
        ? `it names no group (${input} is not set)`
        : `its ${input} ${value} is not a group declared in access.yaml`,
  };
}
