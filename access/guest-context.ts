/**
 * What the guest rules share besides the entry itself: the file-wide declarations, the role table and the
 * date expiries are judged against.
 */

import type { RoleCatalog } from "../azure/roles";
import type { Declarations } from "./declarations";

/** What the guest rules need besides the entry itself. */
export interface GuestContext {
  readonly declarations: Declarations;
  readonly catalog: RoleCatalog;
  /** `YYYY-MM-DD`: expiries are judged against it. */
  readonly today: string;
}
