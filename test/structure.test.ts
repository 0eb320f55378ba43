import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/*
 * The house's layout, computed from the import statements of src/ (relative imports, at run time:
 * `import type` is erased and not counted).
 * - No import cycle of more than 2 files (a construct and its own rule file may share an enum).
 * - Constructs import their own rule file, never the registry `private/rules/index.ts`.
 * - Rule files never import a construct class: only enums, types and private helpers.
 */
const SRC = path.join(__dirname, '..', 'src');
const IMPORT = /(?:^|\n)\s*(import|export)\s+(type\s+)?[^'";]*?from\s+['"](\.[^'"]+)['"]/g;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sources(full) : entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

const files = sources(SRC);
const rel = (f: string) => path.relative(SRC, f).split(path.sep).join('/');

function resolve(from: string, spec: string): string | undefined {
  const base = path.normalize(path.join(path.dirname(from), spec));
  return [`${base}.ts`, path.join(base, 'index.ts')].find(candidate => files.includes(candidate));
}

/** The files each file imports at run time. */
const graph = new Map(files.map(f => {
  const text = fs.readFileSync(f, 'utf-8');
  const deps = [...text.matchAll(IMPORT)].filter(m => m[2] === undefined).map(m => resolve(f, m[3]))
    .filter((d): d is string => d !== undefined);
  return [f, [...new Set(deps)]];
}));

/** The strongly connected components of the graph with more than one file (Tarjan). */
function cycles(): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(rel(w));
      } while (w !== v);
      if (component.length > 1) {
        found.push(component.sort());
      }
    }
  };
  files.forEach(f => index.has(f) || visit(f));
  return found;
}

test('the import graph of src/ has no cycle of more than 2 files', () => {
  expect(files.length).toBeGreaterThan(30);
  expect(cycles().filter(c => c.length > 2)).toEqual([]);
});

test('constructs import their own rule file, never the registry', () => {
  const registry = path.join(SRC, 'private', 'rules', 'index.ts');
  expect(files.filter(f => graph.get(f)!.includes(registry)).map(rel)).toEqual([]);
});

test('rule files import no construct class', () => {
  // the public modules a rule file may read at run time: enums only
  const enumModules = ['container-definition.ts', 'model-data.ts'];
  const publicFiles = files.filter(f => path.dirname(f) === SRC);
  const offending = files.filter(f => rel(f).startsWith('private/rules/'))
    .flatMap(f => graph.get(f)!.filter(d => publicFiles.includes(d) && !enumModules.includes(rel(d))).map(d => `${rel(f)} -> ${rel(d)}`));
  expect(offending).toEqual([]);
});

test('a cycle is found when there is one (the check can fail)', () => {
  const a = path.join(SRC, 'a.ts');
  const b = path.join(SRC, 'b.ts');
  const c = path.join(SRC, 'c.ts');
  files.push(a, b, c);
  graph.set(a, [b]).set(b, [c]).set(c, [a]);
  try {
    expect(cycles().filter(cycle => cycle.length > 2)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  } finally {
    files.splice(files.length - 3, 3);
    [a, b, c].forEach(f => graph.delete(f));
  }
});

/*
 * State lives on the constructs (fields, members), never in module-level registries keyed by them:
 * a module-level `let`, a WeakMap/WeakSet, or a Map/Set/array/object that the module changes after loading
 * would outlive the app that filled it and tie every construct to one copy of the module.
 */
function moduleState(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const mutable: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) {
      continue;
    }
    const isLet = !/^\s*(export\s+)?(declare\s+)?const\b/.test(statement.getText(source));
    for (const declaration of statement.declarationList.declarations) {
      const name = declaration.name.getText(source);
      const init = declaration.initializer;
      if (isLet) {
        found.push(`${file}: module-level let ${name}`);
      } else if (init && ts.isNewExpression(init) && /^Weak(Map|Set)$/.test(init.expression.getText(source))) {
        found.push(`${file}: module-level ${init.expression.getText(source)} ${name}`);
      } else if (init && (ts.isNewExpression(init) || ts.isArrayLiteralExpression(init) || ts.isObjectLiteralExpression(init))) {
        mutable.push(name);
      }
    }
  }
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)
      && ts.isIdentifier(node.expression.expression) && mutable.includes(node.expression.expression.text)
      && ['set', 'add', 'delete', 'clear', 'push', 'pop', 'splice', 'unshift', 'shift'].includes(node.expression.name.text)) {
      found.push(`${file}: ${node.getText(source)}`);
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken
      && (ts.isPropertyAccessExpression(node.left) || ts.isElementAccessExpression(node.left))
      && ts.isIdentifier(node.left.expression) && mutable.includes(node.left.expression.text)) {
      found.push(`${file}: ${node.getText(source)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

test('no module-level state: what a construct knows is a member of that construct', () => {
  expect(files.flatMap(f => moduleState(rel(f), fs.readFileSync(f, 'utf-8')))).toEqual([]);
});

test('module-level state is found when there is some (the check can fail)', () => {
  const text = [
    'const REGISTRY = new WeakMap<object, string>();',
    'const SEEN = new Set<string>();',
    'const TABLE = new Map([["a", 1]]);',
    'const COUNTS: Record<string, number> = {};',
    'let last = 0;',
    'export function note(id: string) { SEEN.add(id); COUNTS[id] = 1; last = TABLE.get(id)!; }',
  ].join('\n');
  expect(moduleState('x.ts', text)).toEqual([
    'x.ts: module-level WeakMap REGISTRY',
    'x.ts: module-level let last',
    'x.ts: SEEN.add(id)',
    'x.ts: COUNTS[id] = 1',
  ]);
});

test('no double cast in src/: types line up without `as unknown as`', () => {
  expect(files.filter(f => /\bas\s+unknown\s+as\b/.test(fs.readFileSync(f, 'utf-8'))).map(rel)).toEqual([]);
});

test('every error is thrown by private/errors.ts, as aws-cdk-lib\'s ValidationError', () => {
  const errors = path.join(SRC, 'private', 'errors.ts');
  expect(files.filter(f => f !== errors && /\bthrow\s/.test(fs.readFileSync(f, 'utf-8'))).map(rel)).toEqual([]);
  const text = fs.readFileSync(errors, 'utf-8');
  expect(text.match(/throw new (\w+)/g)?.filter(t => !/throw new (Unscoped)?ValidationError$/.test(t))).toEqual([]);
});
