/**
 * A `pulumi stack export` of the dev stack as `pulumi up` would have left it, built from the offline plan of
 * the declaration that was deployed (`guest-access plan --format json`): the recipe of
 * `test/fixtures/ci/expiry/README.md`, as code, so a test can deploy any declaration on any day. Every
 * planned resource with its inputs and parent; the outputs ARM returns for a role assignment (its ARM id,
 * `name`, `type`, and `azureApiVersion` in inputs and outputs, which azure-native 3.x adds in Check); the
 * stack and the default providers. An invitation has the shape of `test/fixtures/state/small.json` (the
 * bridge's `__defaults`, `userId`, the redeem URL in Pulumi's secret envelope), and its guest's grants name
 * the account it made, as the engine resolves them once the invitation exists.
 *
 * `test/workflows/stack-export.test.ts` checks the result against the committed fixtures.
 */

import { spawnSync } from "node:child_process";
import { v5 as uuidv5 } from "uuid";
import { roleAssignmentName } from "../../../azure/names";
import { GUEST_COMPONENT_TYPE, INVITATION_TYPE, isRoleAssignmentType } from "../../../azure/tokens";

/** A resource of `plan --format json`. */
export interface PlannedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent: string | null;
  readonly inputs: Readonly<Record<string, unknown>>;
}

/** What `plan --format json` prints, as far as the export needs it. */
export interface PlanJson {
  readonly resources: readonly PlannedResource[];
}

/** How the stack was deployed. */
export interface DeployOptions {
  /** When `pulumi up` finished (ISO 8601): the export's `deployment.manifest.time`. */
  readonly time: string;
  /** The account each invitation made, by the guest's email. Every invited guest needs one. */
  readonly invitedUsers?: Readonly<Record<string, string>>;
  /** The azure-native provider's id (any GUID: the engine makes one up). */
  readonly azureNativeProviderId?: string;
}

/** The dev stack's provider configuration (Pulumi.dev.yaml). */
const DEV_CONFIG = {
  location: "westeurope",
  subscriptionId: "3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b",
  tenantId: "7c1e9a2b-4d3f-4b8a-9c6d-0e1f2a3b4c5d",
};

const PREFIX = "urn:pulumi:dev::guest-access::";
const STACK_URN = `${PREFIX}pulumi:pulumi:Stack::guest-access-dev`;
const AZURE_NATIVE = `${PREFIX}pulumi:providers:azure-native::default_3_28_0`;
const AZUREAD = `${PREFIX}pulumi:providers:azuread::default_6_9_1`;
const AZUREAD_PROVIDER_ID = "5c55add3-7af1-5744-848b-7bd7e644523d";
const API_VERSION = "2022-04-01";
const INVITATION_SUFFIX = "-invitation";

/** A made-up ciphertext in the envelope Pulumi Cloud's secrets provider writes (`v1:`). */
const SECRET = {
  "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
  ciphertext: "v1:c2NyYXRjaC1leHBvcnQ=:bm90IGEgcmVhbCByZWRlZW0gVVJM",
};

/** A namespace for the made-up invitation ids (the bridge's id is Graph's invitation id). */
const INVITATION_ID_NAMESPACE = "5f0c6e1d-2a3b-4c5d-9e8f-7a6b5c4d3e2f";

/** `record` without `key`. */
function without(record: Readonly<Record<string, unknown>>, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}

function str(value: unknown, what: string): string {
  if (typeof value !== "string")
    throw new Error(`${what} is not a string: ${JSON.stringify(value)}`);
  return value;
}

/** The guest's email: the name of its Guest component (the parent's URN ends with it). */
function guestOf(resource: PlannedResource): string {
  const parent = resource.type === GUEST_COMPONENT_TYPE ? resource.urn : (resource.parent ?? "");
  return parent.slice(parent.lastIndexOf("::") + 2);
}

function invitation(
  resource: PlannedResource,
  userId: string,
  onRemove: unknown,
): Record<string, unknown> {
  const inputs: Record<string, unknown> = { __defaults: [], ...resource.inputs };
  if (typeof inputs.message === "object" && inputs.message !== null)
    inputs.message = { __defaults: [], ...inputs.message };
  const id = uuidv5(resource.urn, INVITATION_ID_NAMESPACE);
  return {
    urn: resource.urn,
    custom: true,
    id,
    type: resource.type,
    inputs,
    outputs: { ...resource.inputs, id, redeemUrl: SECRET, userId },
    parent: resource.parent,
    dependencies: [],
    propertyDependencies: Object.fromEntries(Object.keys(resource.inputs).map((k) => [k, []])),
    additionalSecretOutputs: ["redeemUrl"],
    ignoreChanges: ["userDisplayName", "message", "redirectUrl"],
    provider: `${AZUREAD}::${AZUREAD_PROVIDER_ID}`,
    // The option the program sets from the guest's `onRemove` (specs/guest.ts); the engine stores it.
    ...(onRemove === "keep-user" ? { retainOnDelete: true } : {}),
  };
}

function roleAssignment(
  resource: PlannedResource,
  providerId: string,
  invitationUrn: string | undefined,
  userId: string | undefined,
): Record<string, unknown> {
  const scope = str(resource.inputs.scope, `${resource.urn} scope`);
  const roleDefinitionId = str(resource.inputs.roleDefinitionId, `${resource.urn} role`);
  const principalId = userId ?? str(resource.inputs.principalId, `${resource.urn} principal`);
  const name = userId
    ? roleAssignmentName(
        scope,
        userId,
        roleDefinitionId.slice(roleDefinitionId.lastIndexOf("/") + 1),
      )
    : str(resource.inputs.roleAssignmentName, `${resource.urn} name`);
  const inputs = {
    azureApiVersion: API_VERSION,
    ...resource.inputs,
    principalId,
    roleAssignmentName: name,
  };
  const id = `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
  const rest = without(inputs, "roleAssignmentName");
  return {
    urn: resource.urn,
    custom: true,
    id,
    type: resource.type,
    inputs,
    outputs: { ...rest, id, name, type: "Microsoft.Authorization/roleAssignments" },
    parent: resource.parent,
    provider: `${AZURE_NATIVE}::${providerId}`,
    ...(invitationUrn ? { dependencies: [invitationUrn] } : {}),
    propertyDependencies: Object.fromEntries(
      Object.keys(resource.inputs).map((k) => [
        k,
        invitationUrn && (k === "principalId" || k === "roleAssignmentName") ? [invitationUrn] : [],
      ]),
    ),
  };
}

/** The stack export after deploying `plan`'s resources. */
export function stackExport(plan: PlanJson, options: DeployOptions): Record<string, unknown> {
  const providerId = options.azureNativeProviderId ?? "0b4e7a53-3f55-4c1e-a9b1-6f0f2a7d3c11";
  const byUrn = <T extends { urn: string }>(a: T, b: T): number => a.urn.localeCompare(b.urn);
  const planned = [...plan.resources].sort(byUrn);
  const invitations = planned.filter((r) => r.type === INVITATION_TYPE);
  const userOf = (email: string): string => {
    const id = options.invitedUsers?.[email];
    if (id === undefined) throw new Error(`no invitedUsers entry for the invited guest ${email}`);
    return id;
  };
  const invitationUrnOf = new Map(invitations.map((r) => [guestOf(r), r.urn]));

  const resources: Record<string, unknown>[] = [
    { urn: STACK_URN, custom: false, type: "pulumi:pulumi:Stack", outputs: {} },
    ...planned
      .filter((r) => r.type === GUEST_COMPONENT_TYPE)
      .map((r) => ({
        urn: r.urn,
        custom: false,
        type: r.type,
        inputs: r.inputs,
        outputs: r.inputs,
        parent: STACK_URN,
      })),
    {
      urn: AZURE_NATIVE,
      custom: true,
      id: providerId,
      type: "pulumi:providers:azure-native",
      inputs: { ...DEV_CONFIG, version: "3.28.0" },
      outputs: { ...DEV_CONFIG, version: "3.28.0" },
      parent: STACK_URN,
    },
  ];
  if (invitations.length > 0) {
    const config = { tenantId: DEV_CONFIG.tenantId, version: "6.9.1" };
    resources.push({
      urn: AZUREAD,
      custom: true,
      id: AZUREAD_PROVIDER_ID,
      type: "pulumi:providers:azuread",
      inputs: { __internal: {}, ...config },
      outputs: config,
      parent: STACK_URN,
    });
    const onRemoveOf = new Map(
      planned.filter((r) => r.type === GUEST_COMPONENT_TYPE).map((r) => [r.urn, r.inputs.onRemove]),
    );
    for (const r of invitations) {
      const email = r.name.slice(0, -INVITATION_SUFFIX.length);
      resources.push(invitation(r, userOf(email), onRemoveOf.get(r.parent ?? "")));
    }
  }
  for (const r of planned.filter((p) => isRoleAssignmentType(p.type))) {
    const invitationUrn = invitationUrnOf.get(guestOf(r));
    resources.push(
      roleAssignment(r, providerId, invitationUrn, invitationUrn ? userOf(guestOf(r)) : undefined),
    );
  }
  const unknownTypes = planned.filter(
    (r) =>
      r.type !== GUEST_COMPONENT_TYPE &&
      r.type !== INVITATION_TYPE &&
      !isRoleAssignmentType(r.type),
  );
  if (unknownTypes.length > 0)
    throw new Error(`cannot export ${unknownTypes.map((r) => r.type).join(", ")}`);
  return {
    version: 3,
    deployment: {
      manifest: { time: options.time, magic: "", version: "v3.248.0" },
      resources,
    },
  };
}

/**
 * The offline plan of the declaration in `workspace` (a scratch checkout) as of `date`, as JSON: what the
 * stack would hold after a `pulumi up` that day.
 */
export function planAsOf(workspace: string, date: string): PlanJson {
  const run = spawnSync(
    process.execPath,
    ["bin/guest-access.js", "plan", "--stack", "dev", "--format", "json", "--now", date],
    { cwd: workspace, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 },
  );
  if (run.status !== 0)
    throw new Error(`plan as of ${date} exited ${String(run.status)}: ${run.stderr}`);
  return JSON.parse(run.stdout) as PlanJson;
}
