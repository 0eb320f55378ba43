// Post-compile step (the projen `compile` task, after scripts/lazy-index.js): in every module of lib/,
// a module it imports is loaded when the code first reads from it, not when the importing module loads.
//
// tsc compiles `import * as x from './x'` into `const x = __importStar(require("./x"))` at the top of
// the module, so loading Model loaded everything Model could ever use (asset images, the serving
// images' rules, VPC teardown, ...) whether the app used it or not. Here each such binding becomes a
// function that requires its module on first call and returns it from then on, and every reference
// `x` becomes `x()`: the same rewrite aws-cdk-lib's own build applies to its modules. Semantics are
// those of the eager code (the same module object; `class A extends x().B` still loads `x` when the
// class is defined); only the moment of loading moves. Lines are kept, so the inline source maps still
// point at the right line of src/.
//
// A binding is left eager when its name is declared again anywhere in the module (a parameter or a
// local of the same name would be rewritten by mistake): the script says how many it kept.
//
// usage: node scripts/lazy-requires.js lib   (idempotent: a rewritten module is recognised and skipped)
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const MARKER = '// lazy-requires: imports load on first use (scripts/lazy-requires.js)';

/** `require("m")`, or tsc's interop helpers around it; the module name, or undefined. */
function requiredModule(node) {
  if (node === undefined) return undefined;
  if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
    const callee = node.expression.text;
    if (callee === 'require' && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])) {
      return node.arguments[0].text;
    }
    if ((callee === '__importStar' || callee === '__importDefault') && node.arguments.length === 1) {
      return requiredModule(node.arguments[0]);
    }
  }
  return undefined;
}

/** Whether an identifier node names a binding other than by reading it (a declaration or a property name). */
function isNameNotReference(node) {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return true;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent)
    || ts.isGetAccessorDeclaration(parent) || ts.isSetAccessorDeclaration(parent) || ts.isPropertySignature(parent)
    || ts.isEnumMember(parent)) && parent.name === node) return true;
  if (isDeclaration(node)) return true;
  if ((ts.isImportSpecifier(parent) || ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent))
    && (parent.name === node || parent.label === node)) return true;
  if (ts.isBindingElement(parent) && parent.propertyName === node) return true;
  return false;
}

/** Whether an identifier node declares a binding (a variable, parameter, function, class, catch clause). */
function isDeclaration(node) {
  const parent = node.parent;
  return ((ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isFunctionDeclaration(parent)
    || ts.isFunctionExpression(parent) || ts.isClassDeclaration(parent) || ts.isClassExpression(parent)
    || ts.isBindingElement(parent)) && parent.name === node);
}

/** Whether an identifier is the start of the callee of a `new` expression (`new x.A.B(...)`). */
function inNewCallee(node) {
  let current = node;
  while ((ts.isPropertyAccessExpression(current.parent) || ts.isElementAccessExpression(current.parent))
    && current.parent.expression === current) {
    current = current.parent;
  }
  return ts.isNewExpression(current.parent) && current.parent.expression === current;
}

/**
 * The module's text with its top-level requires made lazy; `kept` counts the bindings left eager,
 * `lazy` those rewritten.
 */
function lazify(text, fileName = 'module.js') {
  if (text.includes(MARKER)) return { text, lazy: 0, kept: 0 };
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  // The top-level `const x = require(...)` statements, by binding name.
  const bindings = new Map();
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const list = statement.declarationList;
    if (!(list.flags & ts.NodeFlags.Const) || list.declarations.length !== 1) continue;
    const declaration = list.declarations[0];
    if (!ts.isIdentifier(declaration.name) || requiredModule(declaration.initializer) === undefined) continue;
    bindings.set(declaration.name.text, { statement, declaration, references: [], declarations: 0 });
  }
  if (bindings.size === 0) return { text, lazy: 0, kept: 0 };

  (function visit(node) {
    if (ts.isIdentifier(node) && bindings.has(node.text)) {
      const binding = bindings.get(node.text);
      if (isDeclaration(node)) {
        binding.declarations++;
      } else if (ts.isShorthandPropertyAssignment(node.parent) && node.parent.name === node) {
        binding.references.push({ node, shorthand: true });
      } else if (!isNameNotReference(node)) {
        binding.references.push({ node, shorthand: false });
      }
    }
    ts.forEachChild(node, visit);
  })(source);

  const edits = [];
  let lazy = 0;
  let kept = 0;
  for (const [name, binding] of bindings) {
    // Declared once (here) and never assigned: safe to rewrite. Anything else stays as tsc wrote it.
    const assigned = binding.references.some(({ node }) => ts.isBinaryExpression(node.parent)
      && node.parent.left === node && node.parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment
      && node.parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment);
    if (binding.declarations !== 1 || assigned) {
      kept++;
      continue;
    }
    lazy++;
    const init = binding.declaration.initializer.getText(source);
    edits.push({
      start: binding.statement.getStart(source),
      end: binding.statement.getEnd(),
      text: `var ${name} = () => { var tmp = ${init}; ${name} = () => tmp; return tmp; };`,
    });
    for (const { node, shorthand } of binding.references) {
      // `new x.A()` must become `new (x()).A()`: `new x().A()` would construct `x`.
      const call = inNewCallee(node) ? `(${name}())` : `${name}()`;
      edits.push({ start: node.getStart(source), end: node.getEnd(), text: shorthand ? `${name}: ${call}` : call });
    }
  }
  edits.sort((a, b) => b.start - a.start);
  let out = text;
  for (const edit of edits) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  // The marker goes after "use strict" on the same line (or at the end), so every line keeps its number.
  out = /^"use strict";/.test(out) ? out.replace(/^"use strict";/, `"use strict"; ${MARKER}`) : `${out}\n${MARKER}\n`;
  return { text: out, lazy, kept };
}

function main(dir) {
  let files = 0;
  let lazy = 0;
  let kept = 0;
  (function walk(folder) {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.js')) {
        const result = lazify(fs.readFileSync(file, 'utf-8'), file);
        if (result.lazy > 0) {
          fs.writeFileSync(file, result.text);
          files++;
        }
        lazy += result.lazy;
        kept += result.kept;
      }
    }
  })(dir);
  console.log(`lazy-requires: ${path.relative(process.cwd(), dir) || '.'}: ${lazy} imports of ${files} modules load on first use (${kept} kept eager: their names are declared again in the module)`);
}

module.exports = { lazify, MARKER };

if (require.main === module) {
  main(path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'lib')));
}
