/**
 * YAML parsed within bounds. `yaml` guards aliases by counting uses, which refuses a real file where 120
 * guests share `sponsor: *owner` (and throws where nothing catches it), and it composes nested collections
 * recursively, so deep nesting ends in "Maximum call stack size exceeded". Here every limit is measured on
 * what it protects and reported as a problem with its place, never thrown:
 *
 * - depth: nesting of collections, measured on the parser's tokens before anything recursive runs, and again
 *   through aliases (an alias puts its anchor's whole depth where it stands);
 * - alias expansion: the nodes aliases add when the document is read as data (an alias bomb adds billions;
 *   a file sharing anchors adds a few per use), computed once per anchor;
 * - string length: every scalar, keys included;
 * - tags: only YAML's core tags (`!!str`, `!!int`, …); `!!js/function`, `!!binary`, `!custom` are refused,
 *   since a declaration is plain data;
 * - aliases that name no anchor before them, or their own ancestor (a cycle), are refused.
 */

import type { ErrorCode } from "./diagnostics";
import {
  Composer,
  LineCounter,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Parser,
  type CST,
  type Document,
  type Node as YamlNode,
} from "yaml";

/** The bounds; each is named in the message that reports it. */
export interface YamlLimits {
  /** Nested collections, aliases expanded. A declaration needs 6. */
  readonly maxDepth: number;
  /** Nodes that aliases add to the data. 120 guests sharing one scalar anchor add 120. */
  readonly maxAliasNodes: number;
  /** Characters in one scalar. The longest field of a declaration (a message) allows 10,000. */
  readonly maxScalarLength: number;
}

/** The limits every read uses: far above what a real declaration or stack config needs. */
export const DEFAULT_YAML_LIMITS: YamlLimits = {
  maxDepth: 64,
  maxAliasNodes: 250_000,
  maxScalarLength: 65_536,
};

/** A limit reached or a construct refused, at a character offset. */
export interface YamlProblem {
  /** `yaml-too-deep`, `yaml-alias-limit`, `yaml-string-too-long`, `yaml-tag`, `yaml-alias`. */
  readonly code: ErrorCode;
  /** The character offset of the node concerned. */
  readonly offset: number;
  /** One sentence with the limit and the fix. */
  readonly message: string;
}

/** The tags of YAML's core schema: plain data. */
const CORE_TAGS: ReadonlySet<string> = new Set(
  ["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`),
);

/** The outcome of a bounded parse: the documents (none when the depth check failed) and the problems. */
export interface BoundedParse {
  readonly docs: Document.Parsed[];
  readonly problems: YamlProblem[];
}

/**
 * A line counter for `text`, filled from the text itself. The parser's own newline callback misses the line
 * breaks inside a token it recovers from (a multi-line plain scalar where a key was expected), which put
 * every later diagnostic on one line: positions must not depend on how well the parser understood the text.
 */
export function lineCounterOf(text: string): LineCounter {
  const counter = new LineCounter();
  counter.addNewLine(0);
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) counter.addNewLine(i + 1);
  return counter;
}

/** Parses a YAML stream within `limits`: documents are composed only when the tokens nest within bounds. */
export function parseYamlBounded(
  text: string,
  limits: YamlLimits = DEFAULT_YAML_LIMITS,
): BoundedParse {
  const tokens = Array.from(new Parser().parse(text));
  const deep = tokenDepthProblem(tokens, limits.maxDepth);
  if (deep) return { docs: [], problems: [deep] };
  // logLevel "error": a warning (a collection used as a key) is reported, never printed by yaml itself.
  const composer = new Composer({ uniqueKeys: true, prettyErrors: false, logLevel: "error" });
  const docs = Array.from(composer.compose(tokens));
  return { docs, problems: docs.flatMap((doc) => documentProblems(doc, limits)) };
}

type TokenItem = { key?: CST.Token | null; value?: CST.Token | null };

function childrenOf(token: CST.Token): CST.Token[] {
  const out: CST.Token[] = [];
  const add = (t: CST.Token | null | undefined): void => {
    if (t) out.push(t);
  };
  switch (token.type) {
    case "document":
      add(token.value);
      break;
    case "block-map":
    case "block-seq":
    case "flow-collection":
      for (const item of token.items as TokenItem[]) {
        add(item.key);
        add(item.value);
      }
      break;
    default:
      break;
  }
  return out;
}

/** The first place where collections nest deeper than `max`, found without recursion. */
function tokenDepthProblem(tokens: readonly CST.Token[], max: number): YamlProblem | undefined {
  const stack: [CST.Token, number][] = tokens.map((t) => [t, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop() as [CST.Token, number];
    const nested =
      token.type === "block-map" || token.type === "block-seq" || token.type === "flow-collection"
        ? depth + 1
        : depth;
    if (nested > max) return tooDeep(token.offset, max);
    for (const child of childrenOf(token)) stack.push([child, nested]);
  }
  return undefined;
}

function tooDeep(offset: number, max: number): YamlProblem {
  return {
    code: "yaml-too-deep",
    offset,
    message: `collections nest deeper than ${max} levels here (limit reached); a declaration needs about 6: flatten the structure`,
  };
}

interface Measure {
  /** Nodes, aliases expanded. */
  readonly nodes: number;
  /** Collection depth, aliases expanded. */
  readonly depth: number;
}

/** Aliases, tags and string lengths of one composed document. Recurses no deeper than the token check allowed. */
function documentProblems(doc: Document.Parsed, limits: YamlLimits): YamlProblem[] {
  const problems: YamlProblem[] = [];
  const anchors = new Map<string, YamlNode>();
  const measured = new Map<YamlNode, Measure>();
  const open = new Set<YamlNode>();
  let aliasNodes = 0;
  let aliasLimitReported = false;
  let depthReported = false;

  const offsetOf = (node: YamlNode): number => node.range?.[0] ?? 0;

  const visit = (node: YamlNode | null | undefined, level: number): Measure => {
    if (!node) return { nodes: 0, depth: 0 };
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (!target) {
        problems.push({
          code: "yaml-alias",
          offset: offsetOf(node),
          message: `the alias *${node.source} names no anchor (&${node.source}) before it; define the anchor first`,
        });
        return { nodes: 1, depth: 0 };
      }
      if (open.has(target)) {
        problems.push({
          code: "yaml-alias",
          offset: offsetOf(node),
          message: `the alias *${node.source} stands inside its own anchor, which would make the data endless; copy the value instead`,
        });
        return { nodes: 1, depth: 0 };
      }
      const m = measured.get(target) ?? { nodes: 1, depth: 0 };
      aliasNodes += m.nodes;
      if (aliasNodes > limits.maxAliasNodes && !aliasLimitReported) {
        aliasLimitReported = true;
        problems.push({
          code: "yaml-alias-limit",
          offset: offsetOf(node),
          message: `aliases expand the file by more than ${limits.maxAliasNodes} nodes by here (limit reached: an alias bomb); write the values out or share fewer`,
        });
      }
      if (level + m.depth > limits.maxDepth && !depthReported) {
        depthReported = true;
        problems.push(tooDeep(offsetOf(node), limits.maxDepth));
      }
      return m;
    }
    if (node.anchor) anchors.set(node.anchor, node);
    if (node.tag !== undefined && !CORE_TAGS.has(node.tag)) {
      problems.push({
        code: "yaml-tag",
        offset: offsetOf(node),
        message: `the tag ${node.tag.replace(/^tag:yaml\.org,2002:/, "!!")} is not allowed: a declaration is plain data (strings, numbers, booleans, lists and mappings); remove the tag`,
      });
    }
    if (isScalar(node)) {
      if (typeof node.value === "string" && node.value.length > limits.maxScalarLength) {
        problems.push({
          code: "yaml-string-too-long",
          offset: offsetOf(node),
          message: `this value is ${node.value.length} characters long, over the limit of ${limits.maxScalarLength} (limit reached); no field of a declaration needs that much`,
        });
      }
      const m = { nodes: 1, depth: 0 };
      measured.set(node, m);
      return m;
    }
    open.add(node);
    let nodes = 1;
    let depth = 0;
    const children: (YamlNode | null | undefined)[] = [];
    if (isMap(node)) {
      for (const pair of node.items) children.push(pair.key as YamlNode, pair.value as YamlNode);
    } else if (isSeq(node)) {
      for (const item of node.items) {
        if (isPair(item)) children.push(item.key as YamlNode, item.value as YamlNode);
        else children.push(item as YamlNode);
      }
    }
    for (const child of children) {
      const m = visit(child, level + 1);
      nodes += m.nodes;
      depth = Math.max(depth, m.depth);
    }
    open.delete(node);
    const m = { nodes, depth: depth + 1 };
    measured.set(node, m);
    return m;
  };

  visit(doc.contents, 0);
  return problems;
}
