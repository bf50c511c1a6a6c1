#!/usr/bin/env node
// Compiles the TypeScript sources the command runs into dist/, so `guest-access` starts without compiling
// anything. `npm ci` runs it (the `prepare` script); `npm test` runs it first, so the tests drive a fresh
// build. Each file is transpiled on its own, exactly as ts-node's transpile-only mode does when the tests run
// the sources: types are checked by `npm test` (tsc --noEmit), not here. JSON files the code requires are
// copied next to it.
//
// Also a library for bin/guest-access.js, which asks whether the build is fresh (newer than every source).
"use strict";
const { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, copyFileSync } =
  require("node:fs");
const path = require("node:path");

const ROOT = path.join(__dirname, "..");
const DIST = path.join(ROOT, "dist");
/** What the build compiles: the entry point and every source folder (tests and scripts are not shipped). */
const SOURCES = [
  "index.ts",
  "access",
  "azure",
  "specs",
  "components",
  "program",
  "policy",
  "review",
  "cli",
  "bench",
];
/** Written last: its time is the build's. */
const STAMP = path.join(DIST, ".built");

/** Every .ts source file (not .d.ts), relative to the root. */
function sourceFiles() {
  const out = [];
  const walk = (relative) => {
    const full = path.join(ROOT, relative);
    if (!existsSync(full)) return;
    if (statSync(full).isFile()) {
      if (relative.endsWith(".ts") && !relative.endsWith(".d.ts")) out.push(relative);
      return;
    }
    for (const entry of readdirSync(full, { withFileTypes: true })) {
      if (entry.name === "node_modules") continue;
      walk(path.join(relative, entry.name));
    }
  };
  for (const source of SOURCES) walk(source);
  return out;
}

/** True when dist/ holds a build newer than every source file (and than the build script itself). */
function isFresh() {
  if (!existsSync(STAMP)) return false;
  const built = statSync(STAMP).mtimeMs;
  const inputs = [...sourceFiles(), path.relative(ROOT, __filename)];
  return inputs.every((file) => statSync(path.join(ROOT, file)).mtimeMs <= built);
}

/** Transpiles every source into dist/ and copies the JSON files they require. */
function build() {
  const ts = require("typescript");
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(ROOT, "tsconfig.json"),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => ts.flattenDiagnosticMessageText(d, "\n") },
  );
  const compilerOptions = { ...config.options, noEmit: false, sourceMap: false, declaration: false };
  let files = 0;
  for (const file of sourceFiles()) {
    const { outputText } = ts.transpileModule(readFileSync(path.join(ROOT, file), "utf8"), {
      compilerOptions,
      fileName: file,
      reportDiagnostics: false,
    });
    const target = path.join(DIST, file.replace(/\.ts$/, ".js"));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, outputText);
    files++;
    for (const [, required] of outputText.matchAll(/require\("(\.{1,2}\/[^"]+\.json)"\)/g)) {
      const json = path.join(path.dirname(file), required);
      mkdirSync(path.dirname(path.join(DIST, json)), { recursive: true });
      copyFileSync(path.join(ROOT, json), path.join(DIST, json));
    }
  }
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  return files;
}

module.exports = { isFresh, build, DIST };

if (require.main === module) {
  const files = build();
  process.stdout.write(`built ${files} files into ${path.relative(process.cwd(), DIST) || "."}\n`);
}
