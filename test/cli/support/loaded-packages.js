// Preloaded into a child process by the start-up tests (`node -r this-file …`): when the process exits, it
// writes on stderr one line, LOADED: and the JSON list of the files it loaded from node_modules (relative to
// the node_modules folder), plus "(sources)" when it loaded a TypeScript source through ts-node rather than
// the compiled dist/.
"use strict";
process.on("exit", () => {
  const files = new Set();
  for (const file of Object.keys(require.cache)) {
    const at = file.lastIndexOf("node_modules/");
    if (at >= 0) files.add(file.slice(at + "node_modules/".length));
    else if (file.endsWith(".ts")) files.add("(sources)");
  }
  process.stderr.write(`\nLOADED:${JSON.stringify([...files].sort())}\n`);
});
