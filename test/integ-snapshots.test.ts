import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cfnLintProblems, libraryResourceIds } from './util';

/**
 * The integration cases of test/integ/ (integ-tests-alpha `IntegTest` apps, in integ-runner's
 * layout) synthesize to exactly their committed snapshots `integ.<name>.ts.snapshot/`, and every
 * template in them lints clean. No deploy. `npx projen integ:update` rewrites the snapshots
 * (UPDATE_INTEG_SNAPSHOTS=1); review the diff like any code change.
 *
 * Asset folders (the integ-tests-alpha assertion handler, 2 MB) are not committed: their hashes
 * are in the templates and `*.assets.json`, which are.
 */
const INTEG = path.join(__dirname, 'integ');
const UPDATE = process.env.UPDATE_INTEG_SNAPSHOTS === '1';
/**
 * As the CDK CLI and integ-runner synthesize without --debug: no creation stack traces in the
 * metadata. They would pin the snapshots to this checkout's path and to line numbers of src/.
 */
const CONTEXT = { 'aws:cdk:disable-creation-stack-traces': true, 'aws:cdk:disable-stack-trace': true };
const cases = fs.readdirSync(INTEG).filter(f => /^integ\..+\.ts$/.test(f)).sort();

/**
 * Every case synthesized by one ts-node process, each into its own folder: a case's app reads
 * CDK_OUTDIR when it is constructed and synthesizes when the process ends, as under the CDK CLI.
 * One process compiles src/ and loads aws-cdk-lib and its template validator once, not once per case.
 */
function synthAll(names: string[]): Record<string, string> {
  const outs = Object.fromEntries(names.map(file => [file, fs.mkdtempSync(path.join(os.tmpdir(), 'integ-'))]));
  const script = 'for (const [file, out] of JSON.parse(process.argv[1])) { process.env.CDK_OUTDIR = out; require(file); }';
  const run = spawnSync(process.execPath, ['--require', require.resolve('ts-node/register/transpile-only'), '-e', script,
    JSON.stringify(names.map(file => [path.join(INTEG, file), outs[file]]))], {
    cwd: path.join(__dirname, '..'),
    env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', CDK_CONTEXT_JSON: JSON.stringify(CONTEXT) },
    encoding: 'utf-8',
  });
  if (run.status !== 0) throw new Error(`the integration cases failed to synthesize:\n${run.stderr}`);
  return outs;
}

/**
 * The files of a cloud assembly, minus asset folders. An `awsApiCall` assertion carries a salt of
 * the synth time (so that it runs on every deploy); it is masked, and with it the assertion
 * template's hash wherever the assembly names it. Everything else is compared as synthesized.
 */
function files(dir: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of fs.readdirSync(dir).sort()) {
    if (name.startsWith('asset.')) continue;
    result[name] = fs.readFileSync(path.join(dir, name), 'utf-8');
  }
  for (const name of Object.keys(result).filter(n => /DeployAssert.*\.template\.json$/.test(n))) {
    const hash = crypto.createHash('sha256').update(result[name]).digest('hex');
    for (const other of Object.keys(result)) {
      result[other] = result[other].split(hash).join('<assertion template hash>').replace(/"salt": "\d+"/g, '"salt": "<synth time>"');
    }
    // ... and the id of its publishing destination, derived from that hash.
    const assets = name.replace(/\.template\.json$/, '.assets.json');
    if (result[assets]) result[assets] = result[assets].replace(/"current_account-current_region-[0-9a-f]{8}"/g, '"<assertion destination>"');
  }
  return result;
}

test('there is a case for each main scenario', () => {
  expect(cases).toEqual([
    'integ.async.ts',
    'integ.canary.ts',
    'integ.capture-shadow.ts',
    'integ.endpoint-autoscaling.ts',
    'integ.inference-components.ts',
    'integ.serverless.ts',
  ]);
});

/** A case's cloud assembly (`files`), its templates that have resources, and the library's resources in each. */
interface SynthesizedCase {
  readonly synthesized: Record<string, string>;
  readonly templates: Record<string, any>;
  readonly library: Record<string, Set<string>>;
}
/** Every case, and the cfn-lint problems of all their templates, found by one cfn-lint run. */
let synthesizedCases: Record<string, SynthesizedCase>;
let lintProblems: string[];
/** The templates of a case that have resources (an assertion stack without assertions has none: nothing to deploy or lint). */
const templatesOf = (synthesized: Record<string, string>) => Object.fromEntries(Object.entries(synthesized)
  .filter(([name]) => name.endsWith('.template.json'))
  .map(([name, text]) => [name, JSON.parse(text)])
  .filter(([, template]) => template.Resources !== undefined));
/** What `libraryResourceIds` finds in each of a case's templates: the resources of the library's own constructs. */
const libraryOf = (synthesized: Record<string, string>, templates: Record<string, unknown>) => {
  const tree = JSON.parse(synthesized['tree.json']);
  const manifest = JSON.parse(synthesized['manifest.json']);
  return Object.fromEntries(Object.keys(templates)
    .map(name => [name, libraryResourceIds(tree, manifest, name.replace(/\.template\.json$/, ''), other => synthesized[other])]));
};

beforeAll(() => {
  const outs = synthAll(cases);
  synthesizedCases = {};
  const allTemplates: Record<string, unknown> = {};
  const allLibrary: Record<string, Set<string>> = {};
  for (const file of cases) {
    const synthesized = files(outs[file]);
    fs.rmSync(outs[file], { recursive: true, force: true });
    const templates = templatesOf(synthesized);
    const library = libraryOf(synthesized, templates);
    synthesizedCases[file] = { synthesized, templates, library };
    for (const [name, template] of Object.entries(templates)) allTemplates[`${file}/${name}`] = template;
    for (const [name, ids] of Object.entries(library)) allLibrary[`${file}/${name}`] = ids;
  }
  lintProblems = cfnLintProblems(allTemplates, allLibrary);
}, 240_000);

describe.each(cases)('%s', (file) => {
  let synthesized: Record<string, string>;
  const snapshotDir = path.join(INTEG, `${file}.snapshot`);
  beforeAll(() => {
    synthesized = synthesizedCases[file].synthesized;
    if (UPDATE) {
      fs.rmSync(snapshotDir, { recursive: true, force: true });
      fs.mkdirSync(snapshotDir);
      for (const [name, text] of Object.entries(synthesized)) fs.writeFileSync(path.join(snapshotDir, name), text);
    }
  });

  test('matches its committed snapshot', () => {
    expect(fs.existsSync(snapshotDir)).toBe(true);
    const committed = files(snapshotDir);
    expect(Object.keys(synthesized)).toEqual(Object.keys(committed));
    for (const [name, text] of Object.entries(committed)) {
      // JSON compared as data, so a mismatch shows the path that changed.
      if (name.endsWith('.json')) expect({ [name]: JSON.parse(synthesized[name]) }).toEqual({ [name]: JSON.parse(text) });
      else expect({ [name]: synthesized[name] }).toEqual({ [name]: text });
    }
  });

  test('holds nothing of the machine or of src/ line numbers', () => {
    const root = path.join(__dirname, '..');
    for (const [name, text] of Object.entries(synthesized)) {
      expect({ [name]: text.includes(root) || text.includes(os.tmpdir()) || text.includes('aws:cdk:creationStack') }).toEqual({ [name]: false });
    }
  });

  test('is an IntegTest whose templates lint clean', () => {
    const integ = JSON.parse(synthesized['integ.json']);
    expect(Object.keys(integ.testCases)).toHaveLength(1);
    const { templates, library } = synthesizedCases[file];
    expect(Object.keys(templates)).toContain(`${integ.testCases[Object.keys(integ.testCases)[0]].stacks[0]}.template.json`);
    // No error, and no warning (W3005 and the like) on a resource of the library's own constructs.
    expect(Object.values(library).reduce((n, ids) => n + ids.size, 0)).toBeGreaterThan(3);
    expect(lintProblems.filter(problem => problem.startsWith(`${file}/`))).toEqual([]);
  });
});
