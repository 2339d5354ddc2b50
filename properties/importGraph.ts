/**
 * The static import graph of a TypeScript source tree and its cycles, for `import-cycles.test.ts`.
 *
 * Edges: every relative module specifier of a top-level `import … from`, side-effect `import '…'`,
 * `export … from` and `export * from` declaration, **type-only imports included** (see the test for why).
 * Dynamic `import('…')` calls are not edges: they are resolved at call time, after every module has been
 * evaluated, so they can neither create an initialisation-order hazard nor a static layering violation.
 * Bare specifiers (packages, `node:` built-ins) are ignored.
 *
 * @module
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** One import edge: `from` imports `to` (absolute paths), `typeOnly` when erased at run time. */
export interface ImportEdge {
  from: string;
  to: string;
  typeOnly: boolean;
}

/** Relative module specifiers of the top-level declarations of one source text, with their type-only flag. */
export function importSpecifiers(sourceText: string, fileName = 'x.ts'): Array<{ specifier: string; typeOnly: boolean }> {
  const sf = ts.createSourceFile(fileName, sourceText, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const out: Array<{ specifier: string; typeOnly: boolean }> = [];
  for (const st of sf.statements) {
    let spec: ts.Expression | undefined;
    let typeOnly = false;
    if (ts.isImportDeclaration(st)) {
      spec = st.moduleSpecifier;
      const clause = st.importClause;
      // `import type {…}`, or `import { type A, type B }` with every named binding type-only (and no default).
      typeOnly = clause !== undefined && (clause.isTypeOnly || (clause.name === undefined && clause.namedBindings !== undefined &&
        ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 &&
        clause.namedBindings.elements.every((e) => e.isTypeOnly)));
    } else if (ts.isExportDeclaration(st) && st.moduleSpecifier !== undefined) {
      spec = st.moduleSpecifier;
      typeOnly = st.isTypeOnly;
    }
    if (spec !== undefined && ts.isStringLiteral(spec) && spec.text.startsWith('.')) out.push({ specifier: spec.text, typeOnly });
  }
  return out;
}

/** Every `.ts` file under `dir` (recursively), skipping `.d.ts`. */
export function listSources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listSources(p));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/**
 * The import edges among `files` (absolute paths), reading each with `read`. A relative specifier that
 * does not name one of `files` throws: an unresolved import would hide edges.
 */
export function importEdges(files: string[], read: (file: string) => string = (f) => readFileSync(f, 'utf8')): ImportEdge[] {
  const known = new Set(files.map((f) => resolve(f)));
  const edges: ImportEdge[] = [];
  for (const file of files) {
    const from = resolve(file);
    for (const { specifier, typeOnly } of importSpecifiers(read(file), file)) {
      const to = resolve(dirname(from), specifier);
      if (!known.has(to)) throw new Error(`${file}: import '${specifier}' does not resolve to a file of the graph (${to})`);
      edges.push({ from, to, typeOnly });
    }
  }
  return edges;
}

/**
 * The import cycles of the graph: for every strongly connected component with more than one node or with a
 * self-import, one shortest closed path through its first node (first node repeated at the end) followed by
 * nothing else; `componentSizes` of {@link findCycleComponents} gives the whole component (Tarjan's algorithm; Tarjan,
 * *Depth-first search and linear graph algorithms*, SIAM J. Comput. 1 (1972)). Empty iff the graph is acyclic.
 */
export function findCycles(edges: Array<Pick<ImportEdge, 'from' | 'to'>>): string[][] {
  return findCycleComponents(edges).map((c) => c.cycle);
}

/** Each cyclic strongly connected component: its members (sorted) and one closed path through them. */
export function findCycleComponents(edges: Array<Pick<ImportEdge, 'from' | 'to'>>): Array<{ members: string[]; cycle: string[] }> {
  const adj = new Map<string, string[]>();
  for (const { from, to } of edges) {
    if (!adj.has(from)) adj.set(from, []);
    if (!adj.has(to)) adj.set(to, []);
    (adj.get(from) as string[]).push(to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const sccs: string[][] = [];
  let counter = 0;
  const strong = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of adj.get(v) as string[]) {
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
      }
    }
    if (low.get(v) === index.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      sccs.push(comp);
    }
  };
  for (const v of [...adj.keys()].sort()) if (!index.has(v)) strong(v);
  const cycles: Array<{ members: string[]; cycle: string[] }> = [];
  for (const comp of sccs) {
    const members = new Set(comp);
    const start = [...comp].sort()[0];
    if (comp.length === 1 && !(adj.get(start) as string[]).includes(start)) continue;
    // A closed path through `start` inside the component (breadth-first, so it is a shortest one).
    const prev = new Map<string, string>();
    const queue = [start];
    let end: string | null = null;
    while (queue.length > 0 && end === null) {
      const v = queue.shift() as string;
      for (const w of adj.get(v) as string[]) {
        if (!members.has(w)) continue;
        if (w === start) {
          end = v;
          break;
        }
        if (!prev.has(w)) {
          prev.set(w, v);
          queue.push(w);
        }
      }
    }
    const path = [start];
    for (let v = end as string; v !== start; v = prev.get(v) as string) path.splice(1, 0, v);
    path.push(start);
    cycles.push({ members: [...comp].sort(), cycle: path });
  }
  return cycles;
}

/** A cycle as `a.ts → b.ts → a.ts`, paths relative to `root`. */
export function formatCycle(cycle: string[], root: string): string {
  return cycle.map((p) => relative(root, p)).join(' → ');
}
