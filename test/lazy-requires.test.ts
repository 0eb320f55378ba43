import * as vm from 'vm';

/*
 * scripts/lazy-requires.js (a step of the compile task): a compiled module's imports load on first use,
 * with the eager module's behaviour.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { lazify, MARKER } = require('../scripts/lazy-requires.js');

const COMPILED = [
  '"use strict";',
  'Object.defineProperty(exports, "__esModule", { value: true });',
  'exports.make = exports.Thing = void 0;',
  'const iam = __importStar(require("./iam"));',
  'const base_1 = require("./base");',
  'class Thing extends base_1.Base {',
  '    constructor() { super(); this.role = new iam.Role("r"); this.helper = (0, base_1.helper)(1); }',
  '}',
  'exports.Thing = Thing;',
  'function make(options) { return { iam, options }; }',
  'exports.make = make;',
  '//# sourceMappingURL=data:application/json;base64,AAAA',
].join('\n');

/** Runs a module's text with a `require` that records what is loaded, in order. */
function load(text: string) {
  const loaded: string[] = [];
  const modules: Record<string, any> = {
    './iam': { Role: class { constructor(public readonly name: string) {} } },
    './base': { Base: class {}, helper: (n: number) => n + 1 },
  };
  const exports: any = {};
  const require = (name: string) => { loaded.push(name); return modules[name]; };
  vm.runInNewContext(text, { exports, require, __importStar: (m: unknown) => m });
  return { exports, loaded, modules };
}

test('each import becomes a function that loads its module once, on first use; every line keeps its number', () => {
  const { text, lazy, kept } = lazify(COMPILED);
  expect({ lazy, kept }).toEqual({ lazy: 2, kept: 0 });
  expect(text.split('\n')).toEqual([
    `"use strict"; ${MARKER}`,
    'Object.defineProperty(exports, "__esModule", { value: true });',
    'exports.make = exports.Thing = void 0;',
    'var iam = () => { var tmp = __importStar(require("./iam")); iam = () => tmp; return tmp; };',
    'var base_1 = () => { var tmp = require("./base"); base_1 = () => tmp; return tmp; };',
    'class Thing extends base_1().Base {',
    '    constructor() { super(); this.role = new (iam()).Role("r"); this.helper = (0, base_1().helper)(1); }',
    '}',
    'exports.Thing = Thing;',
    'function make(options) { return { iam: iam(), options }; }',
    'exports.make = make;',
    '//# sourceMappingURL=data:application/json;base64,AAAA',
  ]);
});

test('the rewritten module behaves as the eager one, loading a module only when it is used', () => {
  const eager = load(COMPILED);
  const lazy = load(lazify(COMPILED).text);
  expect(eager.loaded).toEqual(['./iam', './base']);
  expect(lazy.loaded).toEqual(['./base']); // the base class is needed to define Thing
  const thing = new lazy.exports.Thing();
  expect(lazy.loaded).toEqual(['./base', './iam']);
  expect(thing.role.name).toBe('r');
  expect(thing.helper).toBe(2);
  expect(lazy.exports.make('o')).toEqual({ iam: lazy.modules['./iam'], options: 'o' });
  expect(lazy.loaded).toEqual(['./base', './iam']); // loaded once
  expect(new eager.exports.Thing().helper).toBe(2);
});

test('an import whose name is declared again in the module stays eager, and a rewritten module is left as it is', () => {
  const shadowed = COMPILED.replace('function make(options) { return { iam, options }; }', 'function make(iam) { return { iam }; }');
  const { text, lazy, kept } = lazify(shadowed);
  expect({ lazy, kept }).toEqual({ lazy: 1, kept: 1 });
  expect(text).toContain('const iam = __importStar(require("./iam"));');
  expect(text).toContain('new iam.Role("r")');
  expect(lazify(text)).toEqual({ text, lazy: 0, kept: 0 });
});

test('a module without imports is unchanged', () => {
  const plain = '"use strict";\nexports.x = 1;\n';
  expect(lazify(plain)).toEqual({ text: plain, lazy: 0, kept: 0 });
});
