/**
 * The `guest-access` command lines written in shell scripts (a workflow's `run:`, a README code block), as
 * argument lists the CLI's parser can check. Only what those scripts use is understood: line continuations,
 * single and double quotes, `$VAR` and `${VAR}` (given a stand-in value), and an array that the script
 * assigns in several ways (`guard=(--a)` … `guard=(--b)`) and passes as `"${guard[@]}"`: each way is one
 * invocation. A command runs to the end of its line, or to an unquoted `)`, `|`, `;`, `&`, `>`, `<` or `#`.
 */

/** One command line: where it is written, and its arguments after `guest-access`. */
export interface Invocation {
  readonly where: string;
  readonly argv: readonly string[];
}

/** `npx guest-access`, `npx --no-install guest-access` or `node bin/guest-access.js`. */
const COMMAND = /(?:\bnpx\s+(?:--no-install\s+)?guest-access|\bnode\s+bin\/guest-access\.js)\s+/g;

const STOP = new Set([")", "|", ";", "&", ">", "<"]);

/** The value a variable stands for in a checked command line: any word the parser accepts as a value. */
function standIn(name: string): string {
  return name.toLowerCase().includes("stack") ? "dev" : `${name.toLowerCase()}-value`;
}

function expandVariables(text: string): string {
  return text.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, braced?: string, bare?: string) =>
    standIn(braced ?? bare ?? ""),
  );
}

/** Shell words from `text` up to the end of the command; quotes removed, variables expanded. */
function words(text: string): { words: string[]; arrays: string[] } {
  const out: string[] = [];
  const arrays: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (text[i] === " " || text[i] === "\t") i++;
    const c = text[i];
    if (c === undefined || c === "\n" || STOP.has(c) || c === "#") break;
    let word = "";
    let array: string | undefined;
    while (i < text.length && !/[\s)|;&><]/.test(text[i] as string)) {
      const ch = text[i] as string;
      if (ch === "'") {
        const end = text.indexOf("'", i + 1);
        word += text.slice(i + 1, end);
        i = end + 1;
      } else if (ch === '"') {
        const end = text.indexOf('"', i + 1);
        const inner = text.slice(i + 1, end);
        const arrayUse = /^\$\{(\w+)\[@\]\}$/.exec(inner);
        if (arrayUse) array = arrayUse[1];
        else word += expandVariables(inner);
        i = end + 1;
      } else {
        const variable = ch === "$" ? /^\$(?:\{\w+\}|\w+)/.exec(text.slice(i))?.[0] : undefined;
        word += variable ? expandVariables(variable) : ch;
        i += variable ? variable.length : 1;
      }
    }
    if (array !== undefined) arrays.push(array);
    out.push(array !== undefined ? `\u0000${array}` : word);
  }
  return { words: out, arrays };
}

/** Every way the script assigns each array: `name=(word …)`. */
function arrayAssignments(script: string): Map<string, string[][]> {
  const assigned = new Map<string, string[][]>();
  for (const match of script.matchAll(/\b(\w+)=\(([^)]*)\)/g)) {
    const [, name = "", body = ""] = match;
    const ways = assigned.get(name) ?? [];
    ways.push(words(body).words);
    assigned.set(name, ways);
  }
  return assigned;
}

/** The `guest-access` invocations in `script`, one per way its arrays can be assigned. */
export function invocationsIn(script: string, where: string): Invocation[] {
  const joined = script.replace(/\\\n\s*/g, " ");
  const assigned = arrayAssignments(joined);
  const found: Invocation[] = [];
  for (const match of joined.matchAll(COMMAND)) {
    const line = joined.slice((match.index ?? 0) + match[0].length).split("\n")[0] ?? "";
    let variants: string[][] = [[]];
    for (const word of words(line).words) {
      if (word.startsWith("\u0000")) {
        const name = word.slice(1);
        const ways = assigned.get(name);
        if (!ways) throw new Error(`${where}: "\${${name}[@]}" is never assigned`);
        variants = variants.flatMap((v) => ways.map((way) => [...v, ...way]));
      } else {
        variants = variants.map((v) => [...v, word]);
      }
    }
    for (const argv of variants) found.push({ where, argv });
  }
  return found;
}

/** The shell code blocks of a markdown document (```sh and ```bash). */
export function shellBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? "");
}
