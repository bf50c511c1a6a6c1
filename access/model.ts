/**
 * The resolved access model: what `access.yaml` means once every decision that needs no Azure has been
 * made. Everything downstream (components, policies, the CLI) reads this and never the raw YAML.
 *
 * The `*Spec` types are plain JSON data on purpose: they are passed verbatim as a component's inputs
 * (policies read them there), so they must hold no Outputs, no class instances and nothing positional
 * (no file names or line numbers: moving a guest inside or between files must change no input).
 */

import type { AzureScope } from "../azure/scope";
import type { SourceLocation } from "./diagnostics";

/** What happens to a guest's account when the guest is removed from the declaration. */
export type OnRemove = "keep-user" | "delete-user";

/** How the invitation for a new guest is sent. */
export interface InvitationSpec {
  /** Where the guest lands after redeeming the invitation (always https). */
  readonly redirectUrl: string;
  /** Whether Microsoft sends the invitation email. Without it, the redeem URL must be shared by hand. */
  readonly send: boolean;
  /** A custom message body; mutually exclusive with `language`. */
  readonly message?: string;
  /** Microsoft's standard text in this language (e.g. `de-DE`); mutually exclusive with `message`. */
  readonly language?: string;
  /** One additional recipient of the invitation email (Graph supports only one). */
  readonly cc?: string;
}

/** A role, resolved to its definition GUID. */
export interface RoleRef {
  /** The role definition GUID, lower-case: the identity of a role everywhere in this project. */
  readonly id: string;
  /** The role's display name (built-in name, or the custom role's name in the file). */
  readonly name: string;
  /** True for an Azure built-in role from the catalogue; false for a custom role declared in `roles:`. */
  readonly builtIn: boolean;
}

/** One role on one scope for one guest. */
export interface GrantSpec {
  /** Stable identity of the grant within its guest: `<role GUID> <normalised scope>`. */
  readonly key: string;
  /** The role granted. */
  readonly role: RoleRef;
  /** The full role definition ID to send to ARM (see `roleDefinitionIdFor`). */
  readonly roleDefinitionId: string;
  /** The normalised scope the role is granted on. */
  readonly scope: string;
  /** The scope's name from `scopes:`, when the grant used one. */
  readonly scopeName?: string;
  /** The effective expiry (the earlier of the grant's and the guest's), `YYYY-MM-DD`, inclusive. */
  readonly expires?: string;
  /** The role assignment description (reason, sponsor, ticket, expiry), within Azure's 2 KB limit. */
  readonly description: string;
  /**
   * The name (lower-case GUID) of an existing role assignment this grant adopts: the component registers
   * the assignment under this name with Pulumi's `import` option, instead of the generated name.
   */
  readonly assignmentName?: string;
}

/** What every guest holds, invited or existing. */
interface GuestSpecBase {
  /** The normalised email (trimmed, lower-case): the guest's identity and logical name. */
  readonly email: string;
  /** The name shown in the directory. */
  readonly displayName: string;
  /** The internal person accountable for this guest (an email). */
  readonly sponsor: string;
  /** Why this guest has access. */
  readonly reason: string;
  /** A ticket or change reference, when given. */
  readonly ticket?: string;
  /** When the guest's access ends, `YYYY-MM-DD`, inclusive. */
  readonly expires?: string;
  /** What removing this guest from the declaration does to the account. */
  readonly onRemove: OnRemove;
  /** The active grants, sorted by key. Grants whose expiry has passed are not here. */
  readonly grants: readonly GrantSpec[];
  /**
   * The groups (names from `groups:`) the guest is a member of, sorted; absent when none, so a guest without
   * groups has the inputs it always had. Absent too once the guest's own expiry has passed: memberships end
   * with the guest's access.
   */
  readonly memberOf?: readonly string[];
}

/** A guest invited by email: an Entra ID B2B invitation creates the user. */
export interface InvitedGuestSpec extends GuestSpecBase {
  /** The invitation to create. */
  readonly invitation: InvitationSpec;
  /** Never set on an invited guest. */
  readonly objectId?: never;
}

/** A guest who already exists in the tenant, referenced by object id and never invited. */
export interface ExistingGuestSpec extends GuestSpecBase {
  /** The object id of the existing user. Lower-case GUID. */
  readonly objectId: string;
  /** Never set on an existing user. */
  readonly invitation?: never;
}

/**
 * One external user and their grants: exactly the inputs of a `guest-access:index:Guest` component. Invited
 * (it has `invitation`) or existing (it has `objectId`), never both: the presence of the field is the
 * discriminant, so the JSON stays as it always was (`objectId`, then `invitation`, between `expires` and
 * `onRemove`).
 */
export type GuestSpec = InvitedGuestSpec | ExistingGuestSpec;

/**
 * One group that holds grants: exactly the inputs of a `guest-access:index:Group` component. Its members are
 * not here (each guest's `memberOf` says it), so adding or removing a member changes no input of the group.
 */
export interface GroupSpec {
  /** The group's name, its key under `groups:`: its identity and logical name. */
  readonly name: string;
  /** The Entra ID display name: `guest-access-<name>` (`groupDisplayName`). */
  readonly displayName: string;
  /** The Entra ID group description, naming the declaration (`groupDescription`). */
  readonly description: string;
  /** The internal person accountable for the group (an email). */
  readonly sponsor: string;
  /** Why the group has access. */
  readonly reason: string;
  /** A ticket or change reference, when given. */
  readonly ticket?: string;
  /** The active grants, sorted by key. Grants whose expiry has passed are not here. */
  readonly grants: readonly GrantSpec[];
}

/** A group with where it was declared and who its members are. */
export interface ResolvedGroup {
  /** The component inputs. */
  readonly spec: GroupSpec;
  /** Where the group's key is. */
  readonly location: SourceLocation;
  /** Where each active or expired grant was declared, by grant key. */
  readonly grantLocations: Readonly<Record<string, SourceLocation>>;
  /** Declared grants not deployed because their expiry has passed. */
  readonly expiredGrants: readonly ExpiredGrant[];
  /** The emails of the guests that are members, sorted (guests whose access expired are not). */
  readonly members: readonly string[];
}

/** A grant that is declared but whose expiry has passed: it is not deployed, so the next `up` revokes it. */
export interface ExpiredGrant {
  readonly grant: GrantSpec;
  readonly location: SourceLocation;
}

/** A guest with where it was declared. */
export interface ResolvedGuest {
  /** The component inputs. */
  readonly spec: GuestSpec;
  /** Where the guest's entry starts. */
  readonly location: SourceLocation;
  /** Where each active or expired grant was declared, by grant key. */
  readonly grantLocations: Readonly<Record<string, SourceLocation>>;
  /** Declared grants not deployed because their expiry has passed. */
  readonly expiredGrants: readonly ExpiredGrant[];
}

/** The whole declaration, resolved. Guests are sorted by email; grants by key. */
export interface AccessModel {
  /** The files the declaration was read from, sorted. */
  readonly files: readonly string[];
  /** The date the model was resolved for (`YYYY-MM-DD`): expiries are judged against it. */
  readonly today: string;
  /** Every group, sorted by name. */
  readonly groups: readonly ResolvedGroup[];
  /** Every guest. */
  readonly guests: readonly ResolvedGuest[];
}

/** A grant's scope, parsed; handy for consumers that need the parts. */
export type { AzureScope };
