#!/usr/bin/env node
// Prints the declaration a stack deploys: `guest-access:accessFile` from Pulumi.<stack>.yaml, else the
// project's default for it in Pulumi.yaml, else access.yaml (the program's own default). `plan` and `diff`
// find it themselves from --stack; `validate` takes a path, and CI validates what the stack deploys.
"use strict";

const { existsSync, readFileSync } = require("node:fs");
const { parse } = require("yaml");

const KEY = "guest-access:accessFile";
const PROGRAM_DEFAULT = "access.yaml";

/** The parsed YAML document of `file`, or an empty mapping when the file does not exist. */
function readYaml(file) {
  if (!existsSync(file)) return {};
  const data = parse(readFileSync(file, "utf8"));
  return typeof data === "object" && data !== null ? data : {};
}

/** The access file of `stack`, read from the project files in `cwd`. */
function accessFileOf(stack, cwd = ".") {
  const stackConfig = readYaml(`${cwd}/Pulumi.${stack}.yaml`).config ?? {};
  if (typeof stackConfig[KEY] === "string" && stackConfig[KEY] !== "") return stackConfig[KEY];
  const declared = readYaml(`${cwd}/Pulumi.yaml`).config?.accessFile;
  const projectDefault =
    typeof declared === "object" && declared !== null ? declared.default : declared;
  return typeof projectDefault === "string" && projectDefault !== ""
    ? projectDefault
    : PROGRAM_DEFAULT;
}

if (require.main === module) {
  const stack = process.argv[2];
  if (!stack) {
    process.stderr.write("usage: access-file.js STACK\n");
    process.exit(2);
  }
  process.stdout.write(`${accessFileOf(stack)}\n`);
}

module.exports = { accessFileOf };
