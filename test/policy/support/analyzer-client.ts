/**
 * The engine's side of the analyzer protocol, for the integration test: boots the real pack the way the
 * Pulumi CLI does (`node <@pulumi/pulumi>/cmd/run-policy-pack <engine-address> .` in the pack's folder, the
 * port read from its stdout), and drives it with the analyzer gRPC client from `@pulumi/pulumi`'s protobuf
 * modules: requests built as the engine builds them (resource options always sent, props as a Struct with
 * the unknown sentinel), responses turned back into plain diagnostics.
 */

import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerRpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import * as engineRpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import type { EnforcementLevel } from "@pulumi/policy";
import type { PolicyInputResource } from "../../../policy/evaluate";
import type { ResolvedPackConfig } from "../../../policy/pack-config";

/** A diagnostic as it comes back over the wire. */
export interface WireDiagnostic {
  readonly policy: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly urn?: string;
  readonly message: string;
}

/** A notApplicable record as it comes back over the wire. */
export interface WireNotApplicable {
  readonly policy: string;
  readonly urn?: string;
  readonly reason?: string;
}

const LEVEL_TO_WIRE: Record<EnforcementLevel, analyzer.EnforcementLevel> = {
  advisory: analyzer.EnforcementLevel.ADVISORY,
  mandatory: analyzer.EnforcementLevel.MANDATORY,
  disabled: analyzer.EnforcementLevel.DISABLED,
  remediate: analyzer.EnforcementLevel.REMEDIATE,
};

/** The wire enum as a level name. */
export function levelFromWire(level: analyzer.EnforcementLevel): EnforcementLevel {
  const found = (
    Object.entries(LEVEL_TO_WIRE) as [EnforcementLevel, analyzer.EnforcementLevel][]
  ).find(([, v]) => v === level);
  if (!found) throw new Error(`unknown enforcement level ${level} on the wire`);
  return found[0];
}

function call<Req, Res>(
  method: (
    request: Req,
    callback: (error: grpc.ServiceError | null, response: Res) => void,
  ) => unknown,
  request: Req,
): Promise<Res> {
  return new Promise((resolve, reject) =>
    method(request, (error, response) => (error ? reject(error) : resolve(response))),
  );
}

function options(resource: PolicyInputResource): analyzer.AnalyzerResourceOptions {
  const o = new analyzer.AnalyzerResourceOptions();
  o.setProtect(resource.opts?.protect ?? false);
  o.setIgnorechangesList([...(resource.opts?.ignoreChanges ?? [])]);
  o.setAliasesList([...(resource.opts?.aliases ?? [])]);
  o.setAdditionalsecretoutputsList([...(resource.opts?.additionalSecretOutputs ?? [])]);
  o.setCustomtimeouts(new analyzer.AnalyzerResourceOptions.CustomTimeouts());
  if (resource.parent) o.setParent(resource.parent);
  return o;
}

function props(resource: PolicyInputResource): Struct {
  return Struct.fromJavaScript(resource.props as Record<string, never>);
}

/** A tiny Engine service on loopback, standing in for the CLI's: it records the pack's log calls. */
export class FakeEngine {
  readonly logs: string[] = [];
  private readonly server = new grpc.Server();

  /** Starts listening; resolves to `127.0.0.1:<port>`. */
  async start(): Promise<string> {
    this.server.addService(engineRpc.EngineService, {
      log: (
        callUnary: grpc.ServerUnaryCall<{ getMessage(): string }, Empty>,
        callback: grpc.sendUnaryData<Empty>,
      ) => {
        this.logs.push(callUnary.request.getMessage());
        callback(null, new Empty());
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) =>
        e ? reject(e) : resolve(p),
      ),
    );
    return `127.0.0.1:${port}`;
  }

  /** Stops at once. */
  stop(): void {
    this.server.forceShutdown();
  }
}

/** The policy pack, running as a child process, and a client connected to it. */
export class PolicyPackProcess {
  private stderr = "";

  private constructor(
    private readonly child: ChildProcess,
    readonly client: analyzerRpc.AnalyzerClient,
    readonly port: number,
  ) {
    child.stderr?.on("data", (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  /**
   * Boots the pack in `packDir`; rejects with its stderr if it exits or prints no port within `timeoutMs`.
   * `pulumiDir` is the `@pulumi/pulumi` whose runner starts it (default: this repository's).
   */
  static async boot(
    packDir: string,
    engineAddress: string,
    timeoutMs: number,
    pulumiDir: string = dirname(require.resolve("@pulumi/pulumi/package.json")),
  ): Promise<PolicyPackProcess> {
    const runner = join(pulumiDir, "cmd", "run-policy-pack");
    const child = spawn(process.execPath, [runner, engineAddress, "."], {
      cwd: packDir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    const port = await new Promise<number>((resolve, reject) => {
      const fail = (why: string): void => {
        clearTimeout(timer);
        child.kill("SIGKILL");
        reject(
          new Error(
            `the policy pack did not boot: ${why}\n--- stdout ---\n${out}\n--- stderr ---\n${err}`,
          ),
        );
      };
      const timer = setTimeout(() => fail(`no port after ${timeoutMs} ms`), timeoutMs);
      child.stderr?.on("data", (chunk: Buffer) => (err += chunk.toString()));
      child.stdout?.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const match = /^(\d+)\s*$/m.exec(out);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.on("exit", (code, signal) => fail(`it exited (code ${code}, signal ${signal})`));
      child.on("error", (e) => fail(e.message));
    });
    child.removeAllListeners("exit");
    const client = new analyzerRpc.AnalyzerClient(
      `127.0.0.1:${port}`,
      grpc.credentials.createInsecure(),
    );
    return new PolicyPackProcess(child, client, port);
  }

  /** What the pack printed on stderr so far. */
  get errors(): string {
    return this.stderr;
  }

  /** `GetAnalyzerInfo`. */
  info(): Promise<analyzer.AnalyzerInfo> {
    return call<Empty, analyzer.AnalyzerInfo>(
      this.client.getAnalyzerInfo.bind(this.client),
      new Empty(),
    );
  }

  /** `Configure` with every policy's reconciled config, as the CLI sends it after `ReconcilePolicyPackConfig`. */
  async configure(config: ResolvedPackConfig): Promise<void> {
    const request = new analyzer.ConfigureAnalyzerRequest();
    for (const [name, entry] of Object.entries(config)) {
      const policyConfig = new analyzer.PolicyConfig();
      policyConfig.setEnforcementlevel(LEVEL_TO_WIRE[entry.enforcementLevel]);
      policyConfig.setProperties(Struct.fromJavaScript(entry.properties as Record<string, never>));
      request.getPolicyconfigMap().set(name, policyConfig);
    }
    await call(this.client.configure.bind(this.client), request);
  }

  /** `ConfigureStack`, as the engine sends it before analysing. */
  async configureStack(stack: string, project: string, dryRun: boolean): Promise<void> {
    const request = new analyzer.AnalyzerStackConfigureRequest();
    request.setStack(stack);
    request.setProject(project);
    request.setOrganization("organization");
    request.setDryRun(dryRun);
    await call(this.client.configureStack.bind(this.client), request);
  }

  /** `Analyze` on each resource in turn, then `AnalyzeStack` on all: what a preview does. */
  async analyzeAll(
    resources: readonly PolicyInputResource[],
  ): Promise<{ diagnostics: WireDiagnostic[]; notApplicable: WireNotApplicable[] }> {
    const diagnostics: WireDiagnostic[] = [];
    const notApplicable: WireNotApplicable[] = [];
    for (const resource of resources) {
      const request = new analyzer.AnalyzeRequest();
      request.setType(resource.type);
      request.setProperties(props(resource));
      request.setUrn(resource.urn);
      request.setName(resource.name);
      request.setOptions(options(resource));
      const response = await call<analyzer.AnalyzeRequest, analyzer.AnalyzeResponse>(
        this.client.analyze.bind(this.client),
        request,
      );
      // The engine attributes a resource's diagnostics to the resource it asked about.
      collect(response, resource.urn, diagnostics, notApplicable);
    }
    const stack = await this.analyzeStack(resources);
    return {
      diagnostics: [...diagnostics, ...stack.diagnostics],
      notApplicable: [...notApplicable, ...stack.notApplicable],
    };
  }

  /**
   * `AnalyzeStack` alone. Each resource's properties are its outputs, as the engine sends them
   * (`step_generator.go` `AnalyzeResources`: `state.Outputs`): a component's registered outputs, or a custom
   * resource's props where it has no separate outputs.
   */
  async analyzeStack(
    resources: readonly PolicyInputResource[],
  ): Promise<{ diagnostics: WireDiagnostic[]; notApplicable: WireNotApplicable[] }> {
    const diagnostics: WireDiagnostic[] = [];
    const notApplicable: WireNotApplicable[] = [];
    const stack = new analyzer.AnalyzeStackRequest();
    stack.setResourcesList(
      resources.map((resource) => {
        const r = new analyzer.AnalyzerResource();
        r.setType(resource.type);
        r.setProperties(
          Struct.fromJavaScript((resource.outputs ?? resource.props) as Record<string, never>),
        );
        r.setUrn(resource.urn);
        r.setName(resource.name);
        r.setOptions(options(resource));
        if (resource.parent) r.setParent(resource.parent);
        r.setDependenciesList([...(resource.dependencies ?? [])]);
        for (const [property, urns] of Object.entries(resource.propertyDependencies ?? {})) {
          const deps = new analyzer.AnalyzerPropertyDependencies();
          deps.setUrnsList([...urns]);
          r.getPropertydependenciesMap().set(property, deps);
        }
        return r;
      }),
    );
    collect(
      await call<analyzer.AnalyzeStackRequest, analyzer.AnalyzeResponse>(
        this.client.analyzeStack.bind(this.client),
        stack,
      ),
      undefined,
      diagnostics,
      notApplicable,
    );
    return { diagnostics, notApplicable };
  }

  /** Closes the client and ends the pack (SIGTERM, then SIGKILL after `graceMs`). */
  async stop(graceMs = 5000): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  }
}

function collect(
  response: analyzer.AnalyzeResponse,
  urn: string | undefined,
  diagnostics: WireDiagnostic[],
  notApplicable: WireNotApplicable[],
): void {
  for (const d of response.getDiagnosticsList()) {
    const reported = d.getUrn() || urn;
    diagnostics.push({
      policy: d.getPolicyname(),
      enforcementLevel: levelFromWire(d.getEnforcementlevel()),
      ...(reported ? { urn: reported } : {}),
      message: d.getMessage(),
    });
  }
  for (const n of response.getNotApplicableList()) {
    notApplicable.push({
      policy: n.getPolicyName(),
      ...(urn ? { urn } : {}),
      ...(n.getReason() ? { reason: n.getReason() } : {}),
    });
  }
}

/** Diagnostics as sorted one-line texts, for comparing two runs. */
export function diagnosticLines(
  list: readonly (Omit<WireDiagnostic, "urn"> & { urn?: string | null })[],
): string[] {
  return list
    .map((d) => `${d.policy} | ${d.enforcementLevel} | ${d.urn ?? "(stack)"} | ${d.message}`)
    .sort();
}

/** notApplicable records as sorted one-line texts, for comparing two runs. */
export function notApplicableLines(list: readonly WireNotApplicable[]): string[] {
  return list.map((n) => `${n.policy} | ${n.urn ?? "(stack)"} | ${n.reason ?? ""}`).sort();
}
