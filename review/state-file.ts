/**
 * A `pulumi stack export` file (deployment version 3), read into the resources `state.ts` compares with. The
 * export must belong to the stack and project being planned: another stack's export would turn every
 * resource into a create or a delete, a wrong plan that looks like a real one.
 */

import { parseUrn } from "../azure/urn";

/** One resource of a `pulumi stack export` (version 3), with what the comparison reads. */
export interface DeployedResource {
  readonly urn: string;
  readonly type: string;
  readonly custom: boolean;
  readonly id?: string;
  readonly parent?: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly outputs: Readonly<Record<string, unknown>>;
  /** The engine skips Delete for this resource (on deletion and on replacement). */
  readonly retainOnDelete: boolean;
  readonly protect: boolean;
}

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

/** Throws unless every resource's URN belongs to `owner`, naming the stack the export belongs to. */
function checkOwner(
  resources: readonly DeployedResource[],
  owner: StackIdentity,
  source: string,
): void {
  const prefix = `urn:pulumi:${owner.stack}::${owner.project}::`;
  const index = resources.findIndex((r) => !r.urn.startsWith(prefix));
  const foreign = resources[index];
  if (!foreign) return;
  const wanted = `stack "${owner.stack}" of project "${owner.project}"`;
  const parts = parseUrn(foreign.urn);
  if (!parts) {
    throw new StackExportError(
      `${source}: deployment.resources[${index}].urn ${JSON.stringify(foreign.urn)} is not a Pulumi URN; expected ${prefix}…`,
    );
  }
  const { stack, project } = parts;
  throw new StackExportError(
    `${source}: the export belongs to stack "${stack}" of project "${project}", not to ${wanted} ` +
      `(deployment.resources[${index}]: ${foreign.urn}); export the stack you plan with ` +
      `\`pulumi stack export --stack ${owner.stack} --file ${source}\`, or plan with --stack ${stack}`,
  );
}

/**
 * Reads the resources of a parsed `pulumi stack export` (deployment version 3) of `owner`'s stack. Another
 * stack's or project's export is refused: compared by URN, every resource would be a create or a delete.
 */
export function parseStackExport(
  data: unknown,
  owner: StackIdentity,
  source = "the stack export",
): DeployedResource[] {
  if (!isRecord(data) || !isRecord(data.deployment)) {
    throw new StackExportError(
      `${source}: not a stack export; create one with \`pulumi stack export --file state.json\``,
    );
  }
  if (data.version !== undefined && data.version !== 3) {
    throw new StackExportError(
      `${source}: deployment version ${JSON.stringify(data.version)} is not supported (expected 3)`,
    );
  }
  const resources = data.deployment.resources ?? [];
  if (!Array.isArray(resources))
    throw new StackExportError(`${source}: deployment.resources must be a list`);
  const parsed = resources.map((raw: unknown, index): DeployedResource => {
    if (!isRecord(raw) || typeof raw.urn !== "string" || typeof raw.type !== "string") {
      throw new StackExportError(`${source}: deployment.resources[${index}] has no urn or type`);
    }
    return {
      urn: raw.urn,
      type: raw.type,
      custom: raw.custom === true,
      ...(typeof raw.id === "string" ? { id: raw.id } : {}),
      ...(typeof raw.parent === "string" ? { parent: raw.parent } : {}),
      inputs: isRecord(raw.inputs) ? raw.inputs : {},
      outputs: isRecord(raw.outputs) ? raw.outputs : {},
      retainOnDelete: raw.retainOnDelete === true,
      protect: raw.protect === true,
    };
  });
  checkOwner(parsed, owner, source);
  return parsed;
}
