#!/usr/bin/env node
// Runs one guest-access command in this process, exactly as bin/guest-access.js does, with stdout discarded,
// then reports on stderr's last line, as JSON, the exit code, the bytes written and the peak RSS (KiB) of the
// whole process (ts-node start-up included: that is what a user waits for).
const path = require("node:path");
require("ts-node").register({
  project: path.join(__dirname, "..", "tsconfig.json"),
  transpileOnly: true,
});
const { main } = require("../cli/main");

let bytes = 0;
const io = {
  stdout: (text) => (bytes += Buffer.byteLength(text)),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
  isTTY: false,
};
main(process.argv.slice(2), io).then(
  (code) => {
    process.stderr.write(
      `\n${JSON.stringify({ code, bytes, maxRssKiB: process.resourceUsage().maxRSS })}\n`,
    );
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exitCode = 70;
  },
);
