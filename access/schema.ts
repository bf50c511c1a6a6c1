/**
 * The JSON Schema of an access file: the single source of the file's shape. Every property has a description
 * (and a default where optional) so an editor with yaml-language-server completes and checks the file while
 * it is typed. `access.schema.json` at the project root is generated from this (`npm run schema`) and a test
 * fails when it is stale.
 *
 * The schema checks shape only. Meaning (roles that exist, scopes that parse, emails Graph accepts, dates
 * that are real) is checked by the named rules (`guests.ts`, `grants.ts`, `invitations.ts`, `declarations.ts`), which give better messages than a pattern could.
 */

import type { JSONSchemaType } from "ajv";
import type {
  AccessDocument,
  DefaultsDocument,
  GrantDocument,
  GroupDocument,
  GuestDocument,
  InvitationDocument,
} from "./document";
import { DEFAULT_REDIRECT_URL } from "../azure/invitation";

/** Entra ID's limit on a user's display name (Microsoft Graph, user resource: "Maximum length is 256"). */
export const DISPLAY_NAME_MAX_LENGTH = 256;

/** `YYYY-MM-DD`; whether the date exists is checked by a rule. */
export const DATE_PATTERN = "^\\d{4}-\\d{2}-\\d{2}$";

/** Names of scopes and custom roles: a word that cannot be mistaken for a scope path or a GUID. */
export const NAME_PATTERN = "^[A-Za-z][A-Za-z0-9 ._()-]*$";

/**
 * Names of groups: lower-case words joined by hyphens. A group's name is its identity everywhere (the logical
 * name of its resources, `memberOf`, the Entra display name `guest-access-<name>`), so it has one spelling:
 * no case or spaces that could make two names look alike.
 */
export const GROUP_NAME_PATTERN = "^[a-z][a-z0-9]*(-[a-z0-9]+)*$";

/** The longest group name: with its prefix, well within Entra's 256-character display name. */
export const GROUP_NAME_MAX_LENGTH = 64;

const invitationSchema: JSONSchemaType<InvitationDocument> = {
  type: "object",
  description:
    "How the invitation is sent. Give `message` for your own text or `language` for Microsoft's standard text, not both.",
  additionalProperties: false,
  properties: {
    send: {
      type: "boolean",
      nullable: true,
      default: true,
      description:
        "Whether Microsoft emails the invitation. Without it, the redeem URL (a secret stack output) must be shared by hand.",
    },
    message: {
      type: "string",
      nullable: true,
      minLength: 1,
      maxLength: 10000,
      description: "A custom invitation message body. Cannot be combined with `language`.",
    },
    language: {
      type: "string",
      nullable: true,
      pattern: "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
      default: "en-US",
      description:
        "The language of Microsoft's standard invitation text, e.g. de-DE. Cannot be combined with `message`.",
    },
    cc: {
      type: "string",
      nullable: true,
      description: "One more recipient of the invitation email (Microsoft Graph allows only one).",
    },
  },
  required: [],
};

const defaultsSchema: JSONSchemaType<DefaultsDocument> = {
  type: "object",
  description: "Settings every guest gets unless the guest sets its own.",
  additionalProperties: false,
  properties: {
    redirectUrl: {
      type: "string",
      nullable: true,
      default: DEFAULT_REDIRECT_URL,
      description: "Where a guest lands after redeeming the invitation. Must be https.",
    },
    invitation: { ...invitationSchema, nullable: true },
    onRemove: {
      type: "string",
      nullable: true,
      enum: ["keep-user", "delete-user"],
      default: "keep-user",
      description:
        "What removing a guest from the file does to the account: keep-user removes only the role assignments; delete-user also deletes the guest user object.",
    },
  },
  required: [],
};

const grantSchema: JSONSchemaType<GrantDocument> = {
  type: "object",
  description: "One Azure role on one scope.",
  additionalProperties: false,
  properties: {
    role: {
      type: "string",
      minLength: 1,
      description:
        "A built-in role by name (any case) or GUID, or a custom role named under `roles:`. Example: Reader.",
    },
    scope: {
      type: "string",
      minLength: 1,
      description:
        "A name from `scopes:`, or an Azure scope: /subscriptions/<guid>[/resourceGroups/<name>[/providers/<Namespace>/<type>/<name>]] or /providers/Microsoft.Management/managementGroups/<name>.",
    },
    expires: {
      type: "string",
      nullable: true,
      pattern: DATE_PATTERN,
      description:
        "The last day (UTC) of this grant, YYYY-MM-DD. Defaults to the guest's expiry; the earlier of the two wins.",
    },
    assignmentName: {
      type: "string",
      nullable: true,
      description:
        "Adopt an existing role assignment: its name (a GUID, the last part of its id; `guest-access drift` prints it). The first `pulumi up` imports it instead of failing with RoleAssignmentExists. Keep it for as long as the grant exists.",
    },
  },
  required: ["role", "scope"],
};

const guestSchema: JSONSchemaType<GuestDocument> = {
  type: "object",
  description: "One external user and the Azure access they get.",
  additionalProperties: false,
  properties: {
    email: {
      type: "string",
      minLength: 1,
      description:
        "The guest's email address: their identity here. Case and surrounding spaces do not matter.",
    },
    displayName: {
      type: "string",
      minLength: 1,
      maxLength: DISPLAY_NAME_MAX_LENGTH,
      description: "The name shown in the directory (Entra ID keeps at most 256 characters).",
    },
    sponsor: {
      type: "string",
      minLength: 1,
      description: "The email of the internal person accountable for this guest.",
    },
    reason: { type: "string", minLength: 1, description: "Why this guest has access." },
    ticket: {
      type: "string",
      nullable: true,
      minLength: 1,
      description: "A ticket or change reference, recorded on every role assignment.",
    },
    expires: {
      type: "string",
      nullable: true,
      pattern: DATE_PATTERN,
      description:
        "The last day (UTC) of this guest's access, YYYY-MM-DD. Past it, the grants are revoked.",
    },
    objectId: {
      type: "string",
      nullable: true,
      description:
        "The object id (GUID) of a user already in the directory. Then no invitation is created or deleted.",
    },
    redirectUrl: {
      type: "string",
      nullable: true,
      description: "Overrides defaults.redirectUrl for this guest. Must be https.",
    },
    invitation: { ...invitationSchema, nullable: true },
    onRemove: {
      type: "string",
      nullable: true,
      enum: ["keep-user", "delete-user"],
      description: "Overrides defaults.onRemove for this guest.",
    },
    access: {
      type: "array",
      nullable: true,
      minItems: 1,
      description:
        "The roles this guest gets directly, and where. A guest needs access, memberOf, or both.",
      items: grantSchema,
    },
    memberOf: {
      type: "array",
      nullable: true,
      minItems: 1,
      description:
        "Groups (names under `groups:`) this guest joins: the guest gets every grant of each group for as long as the guest's own access lasts.",
      items: { type: "string", minLength: 1, description: "A group's name from `groups:`." },
    },
  },
  required: ["email", "displayName", "sponsor", "reason"],
};

const groupSchema: JSONSchemaType<GroupDocument> = {
  type: "object",
  description:
    "An Entra ID security group (named guest-access-<name>) that holds grants; guests join it with memberOf.",
  additionalProperties: false,
  properties: {
    sponsor: {
      type: "string",
      minLength: 1,
      description: "The email of the internal person accountable for this group and its grants.",
    },
    reason: { type: "string", minLength: 1, description: "Why this group has access." },
    ticket: {
      type: "string",
      nullable: true,
      minLength: 1,
      description: "A ticket or change reference, recorded on every role assignment of the group.",
    },
    access: {
      type: "array",
      minItems: 1,
      description: "The roles every member of this group gets, and where.",
      items: grantSchema,
    },
  },
  required: ["sponsor", "reason", "access"],
};

/** The schema of an access file, version 1. */
export const accessDocumentSchema: JSONSchemaType<AccessDocument> = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "guest-access declaration",
  description:
    "External users and the Azure roles they get, on which scopes. One file, or several in a directory.",
  type: "object",
  additionalProperties: false,
  properties: {
    version: { type: "integer", const: 1, description: "The format version. Always 1." },
    defaults: { ...defaultsSchema, nullable: true },
    scopes: {
      type: "object",
      nullable: true,
      description: "Named Azure scopes, used by name in grants.",
      propertyNames: { type: "string", pattern: NAME_PATTERN },
      additionalProperties: {
        type: "string",
        description: "An Azure scope, such as /subscriptions/<guid>/resourceGroups/<name>.",
      },
      required: [],
    },
    roles: {
      type: "object",
      nullable: true,
      description: "Custom roles by name, each to its role definition GUID.",
      propertyNames: { type: "string", pattern: NAME_PATTERN },
      additionalProperties: { type: "string", description: "The custom role's definition GUID." },
      required: [],
    },
    groups: {
      type: "object",
      nullable: true,
      description:
        "Security groups that hold grants, by name (lower-case words joined by hyphens). Use them when many guests need the same access: one role assignment per group grant, whatever the number of members.",
      propertyNames: {
        type: "string",
        pattern: GROUP_NAME_PATTERN,
        maxLength: GROUP_NAME_MAX_LENGTH,
      },
      additionalProperties: groupSchema,
      required: [],
    },
    guests: {
      type: "array",
      nullable: true,
      description: "The external users.",
      items: guestSchema,
    },
  },
  required: ["version"],
};
