/**
 * The drift review's data: the tenant as read (from exports or live), and the findings that compare it with
 * the declaration. Plain data throughout, so the JSON printer prints it as it is and other tools can read it.
 *
 * The class names are a contract: `--format json` prints them and scripts match on them. Never rename one.
 */

/** Every drift class, written exactly as `--format json` prints it, in the order reports list them. */
export const DRIFT_CLASSES = [
  "out-of-band-member",
  "account-missing",
  "group-missing",
  "group-name-taken",
  "email-taken",
  "unmanaged",
  "inherited",
  "expired-present",
  "orphaned",
  "missing",
  "missing-membership",
  "pending-invitation",
  "stale-guest",
  "in-sync",
] as const;

/** One drift class. */
export type DriftClass = (typeof DRIFT_CLASSES)[number];

/** True when `value` names a drift class. */
export function isDriftClass(value: string): value is DriftClass {
  return (DRIFT_CLASSES as readonly string[]).includes(value);
}

/** One role assignment as the tenant holds it, from whichever reader, normalised for comparison. */
export interface TenantAssignment {
  /** The ARM resource id: `<scope>/providers/Microsoft.Authorization/roleAssignments/<name>`, as read. */
  readonly id: string;
  /** The assignment's name (a GUID), lower-case. */
  readonly name: string;
  /**
   * The scope as the source wrote it (ARM's case, with a leading slash). Compared only through
   * `normaliseTenantScope`, and only for the assignments the review judges: most are members' or groups',
   * and exports hold hundreds of thousands.
   */
  readonly scope: string;
  /** The role definition GUID, lower-case, from either form of `roleDefinitionId`. */
  readonly roleId: string;
  /** The principal's object id, lower-case. */
  readonly principalId: string;
  /** ARM's `principalType` (`User`, `Group`, `ServicePrincipal`, ..., `Unknown`); absent when not given. */
  readonly principalType?: string;
  /** `az`'s `principalName`: the empty string when the identity was not found; absent from ARM. */
  readonly principalName?: string;
  /** The role's name when the source gave one (`az`'s `roleDefinitionName`). */
  readonly roleName?: string;
  /** The assignment's description (untrusted text). */
  readonly description?: string;
  /** An ABAC condition on the assignment, when there is one. */
  readonly condition?: string;
}

/** One user as Microsoft Graph describes it, with the fields the review reads. */
export interface TenantUser {
  /** The object id, lower-case. */
  readonly id: string;
  /** `Guest` or `Member` (Graph's `userType`); absent when the source did not say. */
  readonly userType?: string;
  /** The display name (untrusted text). */
  readonly displayName?: string;
  /** `mail`, as given. */
  readonly mail?: string;
  /** `otherMails`, as given. */
  readonly otherMails?: readonly string[];
  /** `userPrincipalName`; a B2B guest's is `<email with @ as _>#EXT#@<tenant domain>`. */
  readonly userPrincipalName?: string;
  /** `PendingAcceptance` or `Accepted` for an invited guest. */
  readonly externalUserState?: string;
  /** When `externalUserState` last changed (ISO 8601). */
  readonly externalUserStateChangeDateTime?: string;
  /** When the user was created (ISO 8601). */
  readonly createdDateTime?: string;
  /** The last sign-in (ISO 8601), when the tenant's licence and the reader's rights let Graph say. */
  readonly lastSignIn?: string;
}

/** One Entra ID group as Microsoft Graph describes it (`GET /groups`, `az ad group list`). */
export interface TenantGroup {
  /** The object id, lower-case. */
  readonly id: string;
  /** The display name (untrusted text): a declared group's is `guest-access-<name>`. */
  readonly displayName?: string;
  /** The description (untrusted text). */
  readonly description?: string;
}

/**
 * One direct member of a group (`GET /groups/{id}/members`, `az ad group member list`): a user, or any other
 * directory object (a nested group, a service principal, a device, a contact), told apart by `@odata.type`.
 */
export interface TenantMember {
  /** The object id, lower-case. */
  readonly id: string;
  /** The kind of directory object, `@odata.type` without its namespace: `user`, `group`, `servicePrincipal`, ...; `""` unknown. */
  readonly kind: string;
  /** The display name (untrusted text). */
  readonly displayName?: string;
  /** `mail`, as given. */
  readonly mail?: string;
  /** `userPrincipalName`, for a user. */
  readonly userPrincipalName?: string;
}

/** The members read of one group. */
export interface GroupMembers {
  /**
   * What the members were read for: the group's object id (lower-case), or, offline, the declared group's
   * name or display name as given with `--group-members NAME=FILE`.
   */
  readonly group: string;
  /** Every direct member, all pages. */
  readonly members: readonly TenantMember[];
}

/** A read that failed: an error for that place in the report, never a silent "no drift". */
export interface ReadError {
  /** Where the read went: `arm`, `graph`, or a `file` given on the command line. */
  readonly source: "arm" | "graph" | "file";
  /** The scope (for `arm`), the file, or the collection (`/users`) that could not be read. */
  readonly target: string;
  /** The HTTP status, when there was a response. */
  readonly status?: number;
  /** The service's error code (`AuthorizationFailed`, ...), when it gave one. */
  readonly code?: string;
  /** What went wrong and what to do about it; never a token or secret. */
  readonly message: string;
}

/** The tenant as read: what the comparison needs, from exports or from Azure. */
export interface TenantSnapshot {
  /** Every role assignment read, deduplicated by id. */
  readonly assignments: readonly TenantAssignment[];
  /** Every user read. The review assumes the list is complete: a user not in it does not exist. */
  readonly users: readonly TenantUser[];
  /** False when the users could not be read: then no finding rests on who exists. */
  readonly usersRead: boolean;
  /**
   * The scopes whose role assignments were read, normalised; `undefined` when the source does not say
   * (offline exports, taken to cover every declared scope). A declared grant under a scope whose read
   * failed is not judged.
   */
  readonly scopesRead?: readonly string[];
  /**
   * The tenant's groups that could be declared ones (live: those named `guest-access-*`; offline: the
   * `--groups` exports); `undefined` when none were read: then a declared group is known only from the
   * stack's state, and a group missing from the tenant cannot be told.
   */
  readonly groups?: readonly TenantGroup[];
  /** The direct members of each group whose members were read. A group not here was not read. */
  readonly groupMembers?: readonly GroupMembers[];
  /** Reads that failed. */
  readonly errors: readonly ReadError[];
  /** Things the reader could not do that lower the report's detail without making it wrong. */
  readonly notes: readonly string[];
}

/** What an invitation in the stack's state says about a declared guest (from a `pulumi stack export`). */
export interface DeployedInvitation {
  /** The invited user's object id; the empty string once a refresh found the user deleted. */
  readonly userId: string;
}

/** How a finding is fixed, for people (`text`) and for machines (the rest). */
export interface DriftFix {
  /** One or two sentences: what to do. */
  readonly text: string;
  /** The kind of fix, for scripts: see `FIX_ACTIONS`. */
  readonly action: FixAction;
  /** Commands to run, in order (`az`, `pulumi`); the alternatives `text` names are in `alternatives`. */
  readonly commands: readonly string[];
  /** YAML to put in the declaration, when the fix is a change to it. */
  readonly yaml?: string;
  /** Commands of an alternative fix (removing instead of adopting, say), when there is one. */
  readonly alternatives?: readonly string[];
}

/** Every kind of fix, as `--format json` prints it. */
export const FIX_ACTIONS = [
  "none",
  "deploy",
  "adopt-or-delete",
  "delete-assignment",
  "recover-account",
  "fix-object-id",
  "set-object-id",
  "review-account",
  "resend-or-remove",
  "remove-member",
  "recover-group",
  "resolve-group-name",
] as const;

/** One kind of fix. */
export type FixAction = (typeof FIX_ACTIONS)[number];

/** One finding: exactly the shape `--format json` prints. Fields that do not apply are empty strings. */
export interface DriftFinding {
  /** The drift class. */
  readonly class: DriftClass;
  /** The principal's object id, lower-case; empty when no account is known. */
  readonly principalId: string;
  /** The guest's email (normalised when declared); empty when unknown or when the principal is a group. */
  readonly email: string;
  /**
   * The declared group the finding is about or comes through (its name under `groups:`): a group's grant, a
   * membership, the group itself; empty for a guest's own access.
   */
  readonly group: string;
  /**
   * For a group's grant: the declared members who hold it (or lack it) through the group, by email, sorted.
   * For a member: the grants that reach it through the group, as `<role> on <scope>`. Absent otherwise.
   */
  readonly via?: readonly string[];
  /** The role definition GUID; empty for findings about an account. */
  readonly roleId: string;
  /** The role's name, when known. */
  readonly roleName: string;
  /** The normalised scope; empty for findings about an account. */
  readonly scope: string;
  /** The role assignment's ARM id, when there is one in the tenant. */
  readonly assignmentId: string;
  /** What was found, in one or two sentences. */
  readonly detail: string;
  /** What to do about it. */
  readonly fix: DriftFix;
}

/** Counts for the report's summary. */
export interface DriftSummary {
  /** Findings per class (every class present, zero or not). */
  readonly counts: Readonly<Record<DriftClass, number>>;
  /** Findings in the classes `--fail-on` selects. */
  readonly failing: number;
  /** Reads that failed. */
  readonly errors: number;
  /**
   * Declared guests, declared active grants, and their expired grants (guests' and groups'), groups and
   * memberships.
   */
  readonly declared: {
    readonly guests: number;
    readonly grants: number;
    readonly expired: number;
    readonly groups: number;
    readonly memberships: number;
  };
  /** Assignments, users and groups read from the tenant. */
  readonly tenant: {
    readonly assignments: number;
    readonly users: number;
    readonly guests: number;
    readonly groups: number;
  };
  /** Assignments of members, undeclared groups and applications: outside this review. */
  readonly notReviewed: number;
  /**
   * Declared grants not judged because the read of their scope failed (or their principal is unknown), and
   * declared memberships not judged because the group's members could not be read.
   */
  readonly notJudged: number;
  /** `pass` with no failing finding and no error (or `--allow-partial`), `fail` otherwise. */
  readonly verdict: "pass" | "fail" | "error";
}

/** What `--format json` prints: exactly `{ findings, errors, summary }` (notes go with the summary). */
export interface DriftReport {
  /** Every finding, sorted by class (in `DRIFT_CLASSES` order), email, scope and role. */
  readonly findings: readonly DriftFinding[];
  /** Reads that failed. */
  readonly errors: readonly ReadError[];
  /** Counts, notes and the verdict. */
  readonly summary: DriftSummary & {
    /** When the stack deploys a part of the declaration: which part, in one line. */
    readonly part?: string;
    /** The date expiries and pending invitations were judged against. */
    readonly today: string;
    /** The classes that make the verdict fail. */
    readonly failOn: readonly DriftClass[];
    /** What the readers could not do (sign-in activity, say). */
    readonly notes: readonly string[];
  };
}
