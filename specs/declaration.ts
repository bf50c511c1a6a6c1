/**
 * The resources a whole declaration yields, one component at a time: each group of specs is a component
 * followed by its children, in the order the program registers them.
 */

import type { AccessModel } from "../access/model";
import { guestResources } from "./guest";
import type { ResourceSpec } from "./resource";

/** Every guest's resources, guest by guest (in the model's order, by email): the component first. */
export function* declarationResources(model: AccessModel): Generator<readonly ResourceSpec[]> {
  for (const guest of model.guests) {
    const { component, children } = guestResources(guest.spec);
    yield [component, ...children];
  }
}
