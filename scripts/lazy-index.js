// Post-compile step (the projen `compile` task, after jsii): rewrites lib/index.js so that a module of
// the library is loaded when one of its exports is first read, not when the package is.
//
// tsc compiles `export * from './model'` into `__exportStar(require("./model"), exports)`, which loads
// all ~100 modules of lib/ when the package is required. The jsii kernel requires the package when a
// Python (or any jsii) app imports it, so every app paid for every module, used or not: about 75 ms
// against the alpha's 40 ms on the project's machine. With getters, importing costs one small file, and
// an app loads only the modules it uses (aws-cdk-lib's own index is lazy for the same reason).
//
// The names come from requiring each module once, here, at build time: exactly what `export *` would
// have bound, in the same order (a name exported twice keeps its first module, as __exportStar does).
// `test/python/test_release.py` checks the packaged index against the eager bindings.
const fs = require('fs');
const path = require('path');

const index = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'lib', 'index.js'));
const compiled = fs.readFileSync(index, 'utf-8');
const modules = [...compiled.matchAll(/^__exportStar\(require\("(\.\/[^"]+)"\), exports\);$/gm)].map(m => m[1]);
if (modules.length === 0) {
  if (compiled.includes('function lazy(')) {
    process.exit(0); // already rewritten (compile ran twice without tsc rewriting the file)
  }
  throw new Error(`${index}: no "export * from" re-exports found to rewrite`);
}
const rest = compiled.replace(/^__exportStar\(require\("\.\/[^"]+"\), exports\);\n/gm, '');
if (/require\(/.test(rest.replace(/\/\/# sourceMappingURL=.*$/m, ''))) {
  throw new Error(`${index}: the index does more than re-export modules; extend ${path.basename(__filename)} first`);
}

const seen = new Set();
const lines = [];
for (const module of modules) {
  const names = Object.keys(require(path.join(path.dirname(index), module))).filter(n => n !== 'default' && !seen.has(n));
  names.forEach(n => seen.add(n));
  if (names.length > 0) {
    lines.push(`lazy(${JSON.stringify(module)}, ${JSON.stringify(names)});`);
  }
}
fs.writeFileSync(index, [
  '"use strict";',
  '// Written by scripts/lazy-index.js from tsc\'s output: each export is a getter that loads its module on first read.',
  'Object.defineProperty(exports, "__esModule", { value: true });',
  'function lazy(module, names) {',
  '  for (const name of names) {',
  '    Object.defineProperty(exports, name, { enumerable: true, configurable: true, get: () => require(module)[name] });',
  '  }',
  '}',
  ...lines,
  '',
].join('\n'));
console.log(`lazy-index: ${path.relative(process.cwd(), index)}: ${seen.size} exports of ${modules.length} modules, each loaded on first use`);
