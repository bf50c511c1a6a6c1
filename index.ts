// The Pulumi entry point: `pulumi preview` / `pulumi up` run this. All the work is in program/run.ts.
import { runProgram } from "./program/run";

export = runProgram;
