import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

/*
 * The text of every message the library writes is language-neutral: no TypeScript literal as advice
 * (`s3DataType: S3DataType.S3_PREFIX`, `rolling({ maximumBatchSize })`, `enabled: true`), since most
 * users read it from Python. The check reads every string and template literal of src/ with the
 * TypeScript parser (comments and code are not text).
 */
const SRC = path.join(__dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => entry.isDirectory()
    ? sourceFiles(path.join(dir, entry.name))
    : entry.name.endsWith('.ts') && !entry.name.endsWith('.generated.ts') ? [path.join(dir, entry.name)] : []);
}

/** The text of every string literal and template literal part of a file. */
function texts(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf-8'), ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      found.push(node.text);
    } else if (ts.isTemplateExpression(node)) {
      found.push([node.head.text, ...node.templateSpans.map(span => span.literal.text)].join('<expr>'));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** TypeScript spelled out as advice: a property with a colon and a value, or an object literal argument. */
const TS_LITERAL = [
  /\b[a-z][a-z0-9]*[A-Z][A-Za-z0-9]*: (true|false|\d|'|[A-Z][A-Za-z0-9]*\.)/,
  /\b[a-z][A-Za-z0-9]*: (true|false|[A-Z][A-Za-z0-9]*\.[A-Z_]+)\b/,
  /\(\{/,
  /\{ [a-z][A-Za-z0-9]*[,:} ]/,
];

test('no message gives advice as a TypeScript literal', () => {
  const offenders = sourceFiles(SRC).flatMap(file => texts(file)
    .filter(text => text.includes(' ') && TS_LITERAL.some(pattern => pattern.test(text)))
    .map(text => `${path.relative(SRC, file)}: ${text}`));
  expect(offenders).toEqual([]);
});

test('the check finds TypeScript advice', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'msg-')), 'bad.ts');
  fs.writeFileSync(file, 'export const m = `Pass s3DataType: S3DataType.S3_PREFIX, or rolling({ maximumBatchSize }) ${1}`;\n');
  expect(texts(file).filter(text => TS_LITERAL.some(pattern => pattern.test(text)))).toHaveLength(1);
});
