/**
 * No import cycles in `src/` (issue 11, item 2).
 *
 * The graph has an edge for every relative `import … from`, `import '…'`, `export … from` and `export * from`
 * at the top level of a file under `src/`, **type-only imports included**. Why include them: they are erased
 * at run time (verbatimModuleSyntax), so they cannot cause an initialisation-order bug today, but (1) the layering
 * rule (`core` ← `reference`/`models` ← `harness` ← `cli`, kernels ← dispatch) is about which module may know
 * about which, and a type cycle couples two modules as much as a value cycle does; (2) turning `import type`
 * into `import` is a one-word edit that would silently create a run-time cycle. Shared types therefore live in
 * files that import nothing back (e.g. `src/core/backendTypes.ts`). Dynamic `import()` calls are not edges
 * (resolved at call time, after every module has been evaluated).
 *
 * Wrong variants: the same detector must find the cycle in small synthetic graphs (a value cycle, a
 * re-export cycle, a cycle closed only by a type-only import, a self-import), and must find none in an acyclic one.
 */
import { test, expect } from 'vitest';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findCycleComponents, findCycles, formatCycle, importEdges, importSpecifiers, listSources } from './importGraph.ts';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src');

test('src/ has no import cycle (type-only imports included)', () => {
  const files = listSources(SRC);
  expect(files.length).toBeGreaterThan(50); // the walk found the tree (not an empty directory)
  const edges = importEdges(files);
  expect(edges.length).toBeGreaterThan(100);
  const found = findCycleComponents(edges).map((c) =>
    `${formatCycle(c.cycle, SRC)}  (component of ${c.members.length} files: ${c.members.map((m) => formatCycle([m], SRC)).join(', ')})`);
  expect(found).toEqual([]);
});

/** Synthetic trees: file name → source text, under a fake root. */
function cyclesOf(tree: Record<string, string>): string[] {
  const root = '/virtual/src';
  const files = Object.keys(tree).map((f) => join(root, f));
  const edges = importEdges(files, (f) => tree[f.slice(root.length + 1)]);
  return findCycles(edges).map((c) => formatCycle(c, root));
}

test('the detector finds cycles in synthetic graphs (value, re-export, type-only, self) and none in an acyclic one', () => {
  // The shape this issue removed: a dispatch module importing a kernel that imports the dispatch module back.
  expect(cyclesOf({
    'backend.ts': "import { gemmPlain } from './gemm.ts';\nexport const x = gemmPlain;",
    'gemm.ts': "import { activeBackend } from './backend.ts';\nexport function gemmPlain() { return activeBackend; }",
    'matrix.ts': 'export const zeros = 0;',
  })).toEqual(['backend.ts → gemm.ts → backend.ts']);
  // A three-file cycle closed by a re-export, with a tail that is not part of it.
  expect(cyclesOf({
    'a.ts': "export * from './b.ts';",
    'b.ts': "import { c } from './c.ts';\nexport const b = c;",
    'c.ts': "export { a } from './a.ts';",
    'd.ts': "import './a.ts';",
  })).toEqual(['a.ts → b.ts → c.ts → a.ts']);
  // Closed only by a type-only import: counted (see the file comment).
  expect(cyclesOf({
    'k.ts': "import type { T } from './t.ts';\nexport const k = 1 as unknown as T;",
    't.ts': "import { k } from './k.ts';\nexport type T = typeof k;",
  })).toEqual(['k.ts → t.ts → k.ts']);
  expect(cyclesOf({ 's.ts': "import { s as t } from './s.ts';\nexport const s = 1; void t;" })).toEqual(['s.ts → s.ts']);
  // Acyclic: the layout this issue introduced (types and plain kernels below dispatch, public API above it).
  expect(cyclesOf({
    'backendTypes.ts': "import type { Matrix } from './matrix.ts';\nexport type K = (a: Matrix) => void;",
    'matrix.ts': "import { DimensionError } from './errors.ts';\nexport { DimensionError };\nexport interface Matrix { rows: number }",
    'errors.ts': 'export class DimensionError extends Error {}',
    'gemmPlain.ts': "import type { Matrix } from './matrix.ts';\nexport function gemmPlain(a: Matrix) { return a; }",
    'backend.ts': "import type { K } from './backendTypes.ts';\nimport { gemmPlain } from './gemmPlain.ts';\nexport const k: K = gemmPlain;",
    'gemm.ts': "import { k } from './backend.ts';\nimport { DimensionError } from './errors.ts';\nexport const g = [k, DimensionError];",
  })).toEqual([]);
});

test('import parsing: specifier kinds and type-only flags; bare and dynamic imports are not edges; unresolved imports throw', () => {
  const src = [
    "import { a } from './a.ts';",
    "import type { B } from './b.ts';",
    "import { type C, type D } from './c.ts';",
    "import { type E, e } from './e.ts';",
    "import './side.ts';",
    "export * from './star.ts';",
    "export type { F } from './f.ts';",
    "import fs from 'node:fs';",
    "const lazy = () => import('./lazy.ts');",
  ].join('\n');
  expect(importSpecifiers(src)).toEqual([
    { specifier: './a.ts', typeOnly: false },
    { specifier: './b.ts', typeOnly: true },
    { specifier: './c.ts', typeOnly: true },
    { specifier: './e.ts', typeOnly: false },
    { specifier: './side.ts', typeOnly: false },
    { specifier: './star.ts', typeOnly: false },
    { specifier: './f.ts', typeOnly: true },
  ]);
  expect(() => importEdges(['/v/a.ts'], () => "import { x } from './missing.ts';")).toThrow(/does not resolve/);
});
