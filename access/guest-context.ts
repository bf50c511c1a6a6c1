/**
 * What the guest rules share besides the entry itself: the file-wide declarations, the role table and the
 * date expiries are judged against.
 */

import type { RoleCatalog } from "../azure/roles";
import type { Declarations } from "./declarations";
import type { SourceLocation } from "./diagnostics";
import type { GrantSpec } from "./model";

/** What the guest rules need besides the entry itself. */
export interface GuestContext {
  readonly declarations: Declarations;
  readonly catalog: RoleCatalog;
  /** `YYYY-MM-DD`: expiries are judged against it. */
  readonly today: string;
  /** Every group declared under `groups:`, by name: what `memberOf` may name. */
  readonly groups: ReadonlyMap<string, KnownGroup>;
}

/** A group name as the guests' rules know it: its grants when it resolved, nothing when it has errors. */
export interface KnownGroup {
  /** Where the group is declared. */
  readonly location: SourceLocation;
  /** Its active grants; absent when the group has errors (reported on the group). */
  readonly grants?: readonly GrantSpec[];
}
