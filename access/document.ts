/**
 * The shape of an access file (version 1), exactly as written: the TypeScript twin of the JSON Schema in
 * `schema.ts`. `JSONSchemaType<AccessDocument>` there makes the compiler refuse a schema that drifts from
 * these types.
 */

import type { OnRemove } from "./model";

/** Invitation settings as written, in `defaults.invitation` or on a guest. */
export interface InvitationDocument {
  send?: boolean;
  message?: string;
  language?: string;
  cc?: string;
}

/** `defaults:` as written. */
export interface DefaultsDocument {
  redirectUrl?: string;
  invitation?: InvitationDocument;
  onRemove?: OnRemove;
}

/** One entry of a guest's `access:` list. */
export interface GrantDocument {
  role: string;
  scope: string;
  expires?: string;
  assignmentName?: string;
}

/** One entry of `guests:` as written. */
export interface GuestDocument {
  email: string;
  displayName: string;
  sponsor: string;
  reason: string;
  ticket?: string;
  expires?: string;
  objectId?: string;
  redirectUrl?: string;
  invitation?: InvitationDocument;
  onRemove?: OnRemove;
  access?: GrantDocument[];
  memberOf?: string[];
}

/** One entry of `groups:` as written; its name is its key. */
export interface GroupDocument {
  sponsor: string;
  reason: string;
  ticket?: string;
  access: GrantDocument[];
}

/** A whole access file. */
export interface AccessDocument {
  version: 1;
  defaults?: DefaultsDocument;
  scopes?: Record<string, string>;
  roles?: Record<string, string>;
  groups?: Record<string, GroupDocument>;
  guests?: GuestDocument[];
}
