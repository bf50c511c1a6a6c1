/**
 * Runs the real Pulumi program under Pulumi's mocks and records every resource it registers, with what the
 * engine would know of it: parent, dependencies, property dependencies, options and inputs (unknown values
 * kept as unknown, as in a preview). The offline plan and the policy tests read this.
 *
 * Pulumi's `MockResourceArgs` carries no parent and no dependencies, so the mock monitor's
 * `registerResource` is wrapped to read them from the request itself; its `registerResourceOutputs` is
 * wrapped too, to record what each component registered as its outputs: the engine shows stack policies a
 * component's outputs, not its inputs (docs/providers.md, "What a policy sees of a component"). Once a
 * resource is recorded, the mock monitor is told to forget it (`mock-bookkeeping.ts`): the engine keeps no
 * such record in the program's process, and under mocks it grew with every resource.
 */

import * as pulumi from "@pulumi/pulumi";
import { v5 as uuidv5 } from "uuid";
import { GROUP_TYPE, INVITATION_TYPE, STACK_REFERENCE_TYPE } from "../azure/tokens";
import type { RegisteredOptions, RegisteredResource } from "../specs/registration";
import { forgetRegistered } from "./mock-bookkeeping";

/** Pulumi's wire marker for a secret value: `{ [SECRET_SIG_KEY]: SECRET_SIG, value }`. */
const SECRET_SIG_KEY: string = pulumi.runtime.specialSigKey;
const SECRET_SIG: string = pulumi.runtime.specialSecretSig;

/** The resource options a plan and the policies care about (the shape the specs' preview produces too). */
export type CapturedOptions = RegisteredOptions;

/** One registered resource, as the engine would see it (the shape the specs' preview produces too). */
export type CapturedResource = RegisteredResource;

/** How to run the program. */
export interface CaptureOptions {
  /** The stack name (part of every URN). */
  readonly stack: string;
  /** Preview (new resources' outputs unknown) or update (mocks invent ids). */
  readonly preview: boolean;
  /** Stack config, fully qualified keys (`guest-access:accessFile`) to string values. */
  readonly config: Readonly<Record<string, string>>;
  /** The Pulumi project name. */
  readonly project?: string;
  /**
   * The outputs of the stacks the program reads (a grants stack's identities stack), by the name it reads
   * them with: what a `StackReference` of that name sees. A stack not named here has no outputs.
   */
  readonly stackOutputs?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** A fake, deterministic object id for an invited guest in update mode. */
const MOCK_USER_NAMESPACE = "0d2c1f6e-3b4a-5c8d-9e0f-1a2b3c4d5e6f";

/** A fake, deterministic object id for a group in update mode. */
const MOCK_GROUP_NAMESPACE = "7a1e2b3c-4d5f-5a6b-8c7d-9e0f1a2b3c4d";

/**
 * The program's mocks: echo inputs as state; in update mode invent ids, an invited user's object id and a
 * group's object id. A stack reference is read (its id is the stack's name) and sees the outputs
 * `stackOutputs` gives that stack.
 */
function mocks(
  preview: boolean,
  stackOutputs: CaptureOptions["stackOutputs"] = {},
): pulumi.runtime.Mocks {
  return {
    newResource(args: pulumi.runtime.MockResourceArgs): {
      id: string | undefined;
      state: Record<string, unknown>;
    } {
      if (args.type === STACK_REFERENCE_TYPE) {
        const name = String((args.inputs as Record<string, unknown>).name);
        return {
          id: args.id ?? name,
          state: { name, outputs: { ...(stackOutputs[name] ?? {}) }, secretOutputNames: [] },
        };
      }
      if (preview) return { id: undefined, state: args.inputs as Record<string, unknown> };
      const state: Record<string, unknown> = { ...(args.inputs as Record<string, unknown>) };
      if (args.type === INVITATION_TYPE) {
        const email = String(state.userEmailAddress);
        state.userId = uuidv5(email, MOCK_USER_NAMESPACE);
        state.redeemUrl = `https://login.microsoftonline.com/redeem?mock=${encodeURIComponent(email)}`;
      }
      if (args.type === GROUP_TYPE) state.objectId = uuidv5(args.name, MOCK_GROUP_NAMESPACE);
      return { id: `${args.name}-id`, state };
    },
    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
      throw new Error(`the program called ${args.token}, which the offline plan does not mock`);
    },
  };
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): {
    forEach(cb: (value: { getUrnsList(): string[] }, key: string) => void): void;
  };
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
  getProtect(): boolean | undefined;
  getRetainondelete(): boolean | undefined;
  getDeletebeforereplace(): boolean;
  getIgnorechangesList(): string[];
  getAdditionalsecretoutputsList(): string[];
  getReplaceonchangesList(): string[];
  getImportid(): string;
}

type Callback = (error: unknown, response?: { getUrn(): string }) => void;

interface RegisterOutputsRequest {
  getUrn(): string;
  getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined;
}

interface ReadRequest {
  getId(): string;
  getType(): string;
  getName(): string;
  getParent(): string;
  getProperties(): { toJavaScript(): Record<string, unknown> } | undefined;
  getDependenciesList(): string[];
}

interface MockMonitorLike {
  registerResource(request: RegisterRequest, callback: Callback): Promise<void>;
  readResource(request: ReadRequest, callback: Callback): Promise<void>;
  registerResourceOutputs(
    request: RegisterOutputsRequest,
    callback: (error: unknown, response?: unknown) => void,
  ): void;
}

function isSecret(value: unknown): value is { value: unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG
  );
}

/** Unwraps secrets (deeply) and reports whether any was found. */
function unwrapSecrets(value: unknown): { value: unknown; secret: boolean } {
  if (isSecret(value)) return { value: unwrapSecrets(value.value).value, secret: true };
  if (Array.isArray(value)) {
    const items = value.map(unwrapSecrets);
    return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
  }
  if (typeof value === "object" && value !== null) {
    let secret = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const inner = unwrapSecrets(v);
      out[k] = inner.value;
      secret ||= inner.secret;
    }
    return { value: out, secret };
  }
  return { value, secret: false };
}

/** Properties off the wire: secrets unwrapped, and the names of those that were secret. */
function plainProperties(wire: Record<string, unknown>): {
  values: Record<string, unknown>;
  secret: string[];
} {
  const values: Record<string, unknown> = {};
  const secret: string[] = [];
  for (const [key, raw] of Object.entries(wire)) {
    const unwrapped = unwrapSecrets(raw);
    values[key] = unwrapped.value;
    if (unwrapped.secret) secret.push(key);
  }
  return { values, secret };
}

function capture(request: RegisterRequest, urn: string): CapturedResource {
  const propertyDependencies: Record<string, string[]> = {};
  request.getPropertydependenciesMap().forEach((deps, key) => {
    propertyDependencies[key] = [...deps.getUrnsList()].sort();
  });
  const { values: inputs, secret: secretInputs } = plainProperties(
    request.getObject()?.toJavaScript() ?? {},
  );
  const parent = request.getParent();
  return {
    urn,
    type: request.getType(),
    name: request.getName(),
    custom: request.getCustom(),
    ...(parent ? { parent } : {}),
    dependencies: [...request.getDependenciesList()].sort(),
    propertyDependencies,
    inputs,
    secretInputs: secretInputs.sort(),
    options: {
      protect: request.getProtect() === true,
      retainOnDelete: request.getRetainondelete() === true,
      deleteBeforeReplace: request.getDeletebeforereplace(),
      ignoreChanges: [...request.getIgnorechangesList()],
      additionalSecretOutputs: [...request.getAdditionalsecretoutputsList()],
      replaceOnChanges: [...request.getReplaceonchangesList()],
      ...(request.getImportid() ? { importId: request.getImportid() } : {}),
    },
  };
}

/** A read resource (a `StackReference`) as the engine receives it: its id and properties, no options. */
function captureRead(request: ReadRequest, urn: string): CapturedResource {
  const { values: inputs, secret: secretInputs } = plainProperties(
    request.getProperties()?.toJavaScript() ?? {},
  );
  const parent = request.getParent();
  return {
    urn,
    type: request.getType(),
    name: request.getName(),
    custom: true,
    ...(parent ? { parent } : {}),
    dependencies: [...request.getDependenciesList()].sort(),
    propertyDependencies: {},
    inputs,
    secretInputs: secretInputs.sort(),
    options: {
      protect: false,
      retainOnDelete: false,
      deleteBeforeReplace: false,
      ignoreChanges: [],
      additionalSecretOutputs: [],
      replaceOnChanges: [],
    },
    readId: request.getId(),
  };
}

/** The result of running the program: what it registered, in registration order, and its outputs. */
export interface CaptureResult {
  readonly resources: CapturedResource[];
}

/**
 * Runs a program function under mocks and captures what it registers. `program` is normally the real
 * `runProgram` (index.ts); tests may pass another. Errors the program throws (an invalid declaration)
 * propagate, and then nothing has been registered.
 */
export async function captureProgram(
  options: CaptureOptions,
  program: () => Promise<unknown> = defaultProgram,
  onResource?: (resource: CapturedResource) => void,
): Promise<CaptureResult> {
  await pulumi.runtime.setMocks(
    mocks(options.preview, options.stackOutputs),
    options.project ?? "guest-access",
    options.stack,
    options.preview,
  );
  pulumi.runtime.setAllConfig({ ...options.config }, []);
  const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitorLike;
  const original = monitor.registerResource.bind(monitor);
  const originalRead = monitor.readResource.bind(monitor);
  const originalOutputs = monitor.registerResourceOutputs.bind(monitor);
  const resources: CapturedResource[] = [];
  const outputs = new Map<string, Record<string, unknown>>();
  const pending = new Set<Promise<void>>();
  const track = (done: Promise<void>): void => {
    pending.add(done);
    void done.finally(() => pending.delete(done));
  };
  monitor.registerResourceOutputs = (request, callback) => {
    track(
      new Promise<void>((resolve) =>
        originalOutputs(request, (error, response) => {
          if (!error) {
            const wire = request.getOutputs()?.toJavaScript() ?? {};
            outputs.set(request.getUrn(), plainProperties(wire).values);
          }
          callback(error, response);
          // A component's outputs are its last registration: the monitor need not keep it any longer.
          forgetRegistered(monitor, request.getUrn());
          resolve();
        }),
      ),
    );
  };
  monitor.readResource = (request, callback) => {
    const done = originalRead(request, (error, response) => {
      if (!error && response) {
        const resource = captureRead(request, response.getUrn());
        resources.push(resource);
        onResource?.(resource);
      }
      callback(error, response);
      if (!error && response) forgetRegistered(monitor, response.getUrn());
    });
    track(done);
    return done;
  };
  monitor.registerResource = (request, callback) => {
    const done = original(request, (error, response) => {
      if (!error && response) {
        const resource = capture(request, response.getUrn());
        resources.push(resource);
        onResource?.(resource);
      }
      callback(error, response);
      // A component is kept until its outputs are registered (the monitor needs its entry then).
      if (!error && response && request.getCustom()) forgetRegistered(monitor, response.getUrn());
    });
    track(done);
    return done;
  };
  const restore = cheapStackTraces();
  try {
    await program();
    // Registrations started by the program may still be in flight (the last outputs, registerOutputs), and a
    // component's registerOutputs starts only once the outputs it names are resolved: drain until quiet.
    do {
      while (pending.size > 0) await Promise.all([...pending]);
      await new Promise((resolve) => setImmediate(resolve));
    } while (pending.size > 0);
  } finally {
    restore();
  }
  // Outputs arrive after registration (a component registers them last): joined here, by URN.
  return {
    resources: resources.map((r) => {
      const registered = r.custom ? undefined : outputs.get(r.urn);
      return registered ? { ...r, outputs: registered } : r;
    }),
  };
}

/**
 * The Pulumi SDK records `new Error().stack` on every internal promise, for leak reports the offline plan
 * never prints; formatting those stacks through ts-node's source maps was two thirds of the run time
 * (measured: 1,000 guests in 46 s, 15 s without). Stacks stay short and unmapped while the program runs
 * under capture, and are restored afterwards.
 */
function cheapStackTraces(): () => void {
  const stackTraceLimit = Error.stackTraceLimit;
  // Saved to be put back as it was, never called here.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const prepareStackTrace = Error.prepareStackTrace;
  Error.stackTraceLimit = 1;
  // V8's own formatting; the property is optional at run time though typed as always present.
  (Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
  return () => {
    Error.stackTraceLimit = stackTraceLimit;
    Error.prepareStackTrace = prepareStackTrace;
  };
}

async function defaultProgram(): Promise<unknown> {
  // Imported lazily: index.ts is the real entry point, loaded only once mocks are in place.
  const { runProgram } = await import("./run");
  return runProgram();
}
