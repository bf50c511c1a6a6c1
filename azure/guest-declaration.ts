/**
 * What a `Guest` component declares it holds, as it registers it (`registerOutputs`): the contract between
 * the component, which writes it, and the policy pack, which reads it from the stack view.
 *
 * Why outputs: the engine's `AnalyzeStack` request carries each resource's outputs, never its inputs, and a
 * component's outputs are exactly what it registered (pulumi/pulumi `pkg/resource/deploy/step_generator.go`
 * `AnalyzeResources`, `step_executor.go` `executeRegisterResourceOutputs`; see docs/providers.md). A stack
 * policy that checks a Guest's children therefore reads this, and needs no memory of earlier requests.
 *
 * Plain JSON, so that the stack view shows it as written; `principalId` (an Output) is registered beside it.
 */

/** One grant, with what a policy needs to check a role assignment against it. */
export interface DeclaredGrant {
  /** The grant key, `<role GUID> <normalised scope>` (`grantKey`). */
  readonly key: string;
  /** The role definition GUID, lower-case. */
  readonly roleId: string;
  /** The normalised scope. */
  readonly scope: string;
}

/**
 * Who the guest's principal is: the user its own invitation creates, the user the invitation of another
 * stack (the identities stack, read through a `StackReference` of that name) created, or an existing user.
 */
export type DeclaredPrincipal =
  | {
      readonly invited: true;
      /**
       * The identities stack (`org/project/stack`) that holds the invitation, when it is not this Guest's
       * child: the guest's role assignments then take its object id from a `StackReference` of that name.
       */
      readonly identitiesStack?: string;
    }
  | {
      readonly invited: false;
      /** The existing user's object id, lower-case. */
      readonly objectId: string;
    };

/** A Guest's declaration: its email, its principal and its grants. */
export type GuestDeclaration = {
  /** The guest's normalised email. */
  readonly email: string;
  /** The active grants, in grant-key order. */
  readonly grants: readonly DeclaredGrant[];
  /** The groups the guest is a member of, sorted; absent when none. */
  readonly memberOf?: readonly string[];
} & DeclaredPrincipal;
