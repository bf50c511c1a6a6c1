/**
 * The resources a whole declaration yields, one component at a time: each group of specs is a component
 * followed by its children, in the order the program registers them.
 */

import type { AccessModel } from "../access/model";
import { groupResources } from "./group";
import { guestResources } from "./guest";
import type { ResourceSpec } from "./resource";

/**
 * Every group's resources, group by group (by name), then every guest's, guest by guest (by email): the
 * component first. Groups come first because a guest's memberships link to its groups' object ids.
 */
export function* declarationResources(model: AccessModel): Generator<readonly ResourceSpec[]> {
  for (const group of model.groups) {
    const { component, children } = groupResources(group.spec);
    yield [component, ...children];
  }
  for (const guest of model.guests) {
    const { component, children } = guestResources(guest.spec);
    yield [component, ...children];
  }
}
