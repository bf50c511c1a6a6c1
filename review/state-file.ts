/**
 * A `pulumi stack export` file (deployment version 3, or 4 when a resource uses a feature such as `taint`),
 * read into what `state.ts` compares with. The export must belong to the stack and project being planned:
 * another stack's export would turn every resource into a create or a delete, a wrong plan that looks like a
 * real one. The shape is Pulumi's `apitype` (CLI v3.248.0 `sdk/go/common/apitype/core.go`); see
 * docs/providers.md, "The stack export".
 */

import { parseUrn } from "../azure/urn";

/** One resource of a `pulumi stack export`, with what the comparison reads. */
export interface DeployedResource {
  readonly urn: string;
  readonly type: string;
  readonly custom: boolean;
  readonly id?: string;
  readonly parent?: string;
  /** Inputs as recorded, secrets revealed when the export has their plaintext (see `ENCRYPTED`). */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** Outputs as recorded; secrets stay in their envelope and are never printed. */
  readonly outputs: Readonly<Record<string, unknown>>;
  /** The engine skips Delete for this resource (on deletion and on replacement). */
  readonly retainOnDelete: boolean;
  readonly protect: boolean;
  /**
   * `delete: true`: the old copy of a replaced resource whose deletion has not happened yet. It shares its URN
   * with the live resource and is deleted by the next update.
   */
  readonly pendingDeletion: boolean;
  /** `taint: true`: the next update replaces it. */
  readonly taint: boolean;
  /** `initErrors`: the last update created it but could not finish; the next update tries again. */
  readonly initErrors: readonly string[];
  /** `pendingReplacement: true`: deleted by a delete-before-replace that did not create the new one yet. */
  readonly pendingReplacement: boolean;
}

/** An operation the engine began and never saw end (`pending_operations`): an interrupted update. */
export interface PendingOperation {
  /** `creating`, `updating`, `deleting` or `reading`. */
  readonly type: string;
  /** The resource as the engine knew it when it began (no id for a create). */
  readonly resource: DeployedResource;
}

/** A parsed stack export. */
export interface DeployedStack {
  /** Every resource entry, in the export's order, pending deletions included. */
  readonly resources: readonly DeployedResource[];
  /** Interrupted operations. */
  readonly pendingOperations: readonly PendingOperation[];
}

/**
 * Stands for a secret the export holds only as ciphertext (`pulumi stack export` without `--show-secrets`):
 * its value cannot be compared.
 */
export const ENCRYPTED: Readonly<{ encrypted: true }> = Object.freeze({ encrypted: true });

/** Pulumi's secret envelope: `{ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ... }`. */
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** The file is not a stack export this tool understands. */
export class StackExportError extends Error {
  override readonly name = "StackExportError";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The stack an export must belong to: every URN starts `urn:pulumi:<stack>::<project>::`. */
export interface StackIdentity {
  /** The stack name, as in `Pulumi.<stack>.yaml` and the URNs. */
  readonly stack: string;
  /** The Pulumi project name. */
  readonly project: string;
}

/** A resource and where it is in the export, for messages. */
interface Located {
  readonly resource: DeployedResource;
  readonly where: string;
}

/** Throws unless every resource's URN belongs to `owner`, naming the stack the export belongs to. */
function checkOwner(entries: readonly Located[], owner: StackIdentity, source: string): void {
  const prefix = `urn:pulumi:${owner.stack}::${owner.project}::`;
  const foreign = entries.find((e) => !e.resource.urn.startsWith(prefix));
  if (!foreign) return;
  const { urn } = foreign.resource;
  const wanted = `stack "${owner.stack}" of project "${owner.project}"`;
  const parts = parseUrn(urn);
  if (!parts) {
    throw new StackExportError(
      `${source}: ${foreign.where}.urn ${JSON.stringify(urn)} is not a Pulumi URN; expected ${prefix}…`,
    );
  }
  const { stack, project } = parts;
  throw new StackExportError(
    `${source}: the export belongs to stack "${stack}" of project "${project}", not to ${wanted} ` +
      `(${foreign.where}: ${urn}); export the stack you plan with ` +
      `\`pulumi stack export --stack ${owner.stack} --file ${source}\`, or plan with --stack ${stack}`,
  );
}

/**
 * A value with its secrets revealed where the export has their plaintext (`--show-secrets` writes
 * `"plaintext": "<JSON>"`), and `ENCRYPTED` where it has only ciphertext.
 */
function revealSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revealSecrets);
  if (!isRecord(value)) return value;
  if (value[SECRET_SIG_KEY] === SECRET_SIG) {
    if (typeof value.plaintext !== "string") return ENCRYPTED;
    try {
      return revealSecrets(JSON.parse(value.plaintext));
    } catch {
      return ENCRYPTED;
    }
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revealSecrets(v)]));
}

function resourceOf(raw: unknown, where: string, source: string): DeployedResource {
  if (!isRecord(raw) || typeof raw.urn !== "string" || typeof raw.type !== "string") {
    throw new StackExportError(`${source}: ${where} has no urn or type`);
  }
  const inputs = isRecord(raw.inputs) ? (revealSecrets(raw.inputs) as Record<string, unknown>) : {};
  return {
    urn: raw.urn,
    type: raw.type,
    custom: raw.custom === true,
    ...(typeof raw.id === "string" ? { id: raw.id } : {}),
    ...(typeof raw.parent === "string" ? { parent: raw.parent } : {}),
    inputs,
    outputs: isRecord(raw.outputs) ? raw.outputs : {},
    retainOnDelete: raw.retainOnDelete === true,
    protect: raw.protect === true,
    pendingDeletion: raw.delete === true,
    taint: raw.taint === true,
    initErrors: Array.isArray(raw.initErrors) ? raw.initErrors.map(String) : [],
    pendingReplacement: raw.pendingReplacement === true,
  };
}

/**
 * Reads a parsed `pulumi stack export` (deployment version 3 or 4) of `owner`'s stack. Another stack's or
 * project's export is refused: compared by URN, every resource would be a create or a delete. Views
 * (`viewOf`) are left out: their owner's steps manage them.
 */
export function parseStackExport(
  data: unknown,
  owner: StackIdentity,
  source = "the stack export",
): DeployedStack {
  if (!isRecord(data) || !isRecord(data.deployment)) {
    throw new StackExportError(
      `${source}: not a stack export; create one with \`pulumi stack export --file state.json\``,
    );
  }
  // Version 4 is version 3 plus a list of features (taint, hooks, views, ...) older CLIs must refuse; both
  // read into the same structure (pkg/resource/stack/deployment.go, UnmarshalUntypedDeployment).
  if (data.version !== undefined && data.version !== 3 && data.version !== 4) {
    throw new StackExportError(
      `${source}: deployment version ${JSON.stringify(data.version)} is not supported (expected 3 or 4); export it with Pulumi CLI 3.x`,
    );
  }
  const resources = data.deployment.resources ?? [];
  if (!Array.isArray(resources))
    throw new StackExportError(`${source}: deployment.resources must be a list`);
  const operations = data.deployment.pending_operations ?? [];
  if (!Array.isArray(operations))
    throw new StackExportError(`${source}: deployment.pending_operations must be a list`);
  const located: Located[] = resources
    .map((raw: unknown, index) => ({ raw, where: `deployment.resources[${index}]` }))
    .filter(({ raw }) => !(isRecord(raw) && typeof raw.viewOf === "string" && raw.viewOf !== ""))
    .map(({ raw, where }) => ({ resource: resourceOf(raw, where, source), where }));
  const pendingOperations = operations.map((raw: unknown, index): PendingOperation => {
    const where = `deployment.pending_operations[${index}]`;
    if (!isRecord(raw) || typeof raw.type !== "string")
      throw new StackExportError(`${source}: ${where} has no type`);
    return { type: raw.type, resource: resourceOf(raw.resource, `${where}.resource`, source) };
  });
  checkOwner(
    [
      ...located,
      ...pendingOperations.map((op, index) => ({
        resource: op.resource,
        where: `deployment.pending_operations[${index}].resource`,
      })),
    ],
    owner,
    source,
  );
  return { resources: located.map((l) => l.resource), pendingOperations };
}
