import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as fc from 'fast-check';
import * as sagemaker from '../src';
import { CATALOGUE } from '../src/private/hosting-regions.generated';

/*
 * Property-based tests: random valid configurations synthesize and pass cfn-lint; a valid
 * configuration with exactly one violation fails with a message naming the violated property.
 * Run counts are kept modest for CI time; fast-check prints the seed of a failure to replay it.
 */

const CFN_LINT = process.env.CFN_LINT ?? path.join(__dirname, '..', '.venv', 'bin', 'cfn-lint');
const RUNS = 15;

const nameArb = fc.stringMatching(/^[a-zA-Z0-9](-?[a-zA-Z0-9]){0,20}$/);
const hostingType = fc.constantFrom(...CATALOGUE.filter(t => !t.startsWith('ml.t2.')));

interface VariantSpec {
  readonly name: string;
  readonly count: number;
  readonly weight: number;
  readonly type: string;
  readonly healthCheck?: number;
  readonly volume?: number;
  readonly download?: number;
  readonly provision?: number;
  readonly ssm?: boolean;
  readonly routing?: { readonly threshold?: number; readonly prefix?: number } | 'RANDOM' | 'LEAST_OUTSTANDING_REQUESTS';
}

const variantArb: fc.Arbitrary<VariantSpec> = fc.record({
  name: nameArb,
  count: fc.integer({ min: 1, max: 20 }),
  weight: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 100, noNaN: true })),
  type: hostingType,
  healthCheck: fc.option(fc.integer({ min: 60, max: 3600 }), { nil: undefined }),
  volume: fc.option(fc.integer({ min: 1, max: 512 }), { nil: undefined }),
  download: fc.option(fc.integer({ min: 60, max: 3600 }), { nil: undefined }),
  provision: fc.option(fc.integer({ min: 300, max: 3600 }), { nil: undefined }),
  ssm: fc.option(fc.boolean(), { nil: undefined }),
  routing: fc.option(fc.oneof(
    fc.constantFrom('RANDOM' as const, 'LEAST_OUTSTANDING_REQUESTS' as const),
    fc.record({ threshold: fc.integer({ min: 1, max: 1024 }), prefix: fc.integer({ min: 1024, max: 65536 }) }, { requiredKeys: [] }),
  ), { nil: undefined }),
}, { requiredKeys: ['name', 'count', 'weight', 'type'] });

/** The settings of a variant spec as props. */
function settings(v: VariantSpec): Partial<sagemaker.InstanceProductionVariantProps> {
  const r = v.routing;
  return {
    volumeSize: v.volume === undefined ? undefined : cdk.Size.gibibytes(v.volume),
    modelDataDownloadTimeout: v.download === undefined ? undefined : cdk.Duration.seconds(v.download),
    instanceProvisionTimeout: v.provision === undefined ? undefined : cdk.Duration.seconds(v.provision),
    enableSsmAccess: v.ssm,
    routingStrategy: r === undefined ? undefined : typeof r === 'string' ? sagemaker.RoutingStrategy[r] : sagemaker.RoutingStrategy.PREFIX_AWARE,
    prefixAwareRouting: typeof r === 'object' ? { concurrencyThreshold: r.threshold, prefixLength: r.prefix } : undefined,
  };
}

const instanceConfigArb = fc.uniqueArray(variantArb, { minLength: 1, maxLength: 10, selector: v => v.name });

interface ServerlessSpec {
  readonly name: string;
  readonly memory: number;
  readonly maxConcurrency: number;
  readonly provisioned?: number;
}

const serverlessArb: fc.Arbitrary<ServerlessSpec> = fc.integer({ min: 1, max: 200 }).chain(maxConcurrency => fc.record({
  name: nameArb,
  memory: fc.constantFrom(1024, 2048, 3072, 4096, 5120, 6144),
  maxConcurrency: fc.constant(maxConcurrency),
  provisioned: fc.option(fc.integer({ min: 1, max: maxConcurrency }), { nil: undefined }),
}, { requiredKeys: ['name', 'memory', 'maxConcurrency'] }));

/** EC2 ids: a prefix and 8 or 17 hexadecimal digits. */
const ec2Id = (prefix: string) => fc.oneof(
  fc.stringMatching(/^[0-9a-f]{8}$/), fc.stringMatching(/^[0-9a-f]{17}$/),
).map(hex => `${prefix}-${hex}`);

interface NetworkSpec {
  readonly securityGroups: string[];
  readonly subnets: string[];
}

const networkArb: fc.Arbitrary<NetworkSpec> = fc.record({
  securityGroups: fc.uniqueArray(ec2Id('sg'), { minLength: 1, maxLength: 5 }),
  subnets: fc.uniqueArray(ec2Id('subnet'), { minLength: 1, maxLength: 16 }),
});

function vpcModel(stack: cdk.Stack, spec: NetworkSpec): sagemaker.Model {
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-0123456789abcdef0',
    availabilityZones: ['us-east-1a'],
    privateSubnetIds: spec.subnets,
  });
  const repo = ecr.Repository.fromRepositoryName(stack, 'Repo', 'inference');
  return new sagemaker.Model(stack, 'Model', {
    vpc,
    securityGroups: spec.securityGroups.map((id, i) => ec2.SecurityGroup.fromSecurityGroupId(stack, `Sg${i}`, id)),
    containers: [{ image: sagemaker.ContainerImage.fromEcrRepository(repo) }],
  });
}

function newStack(): cdk.Stack {
  return new cdk.Stack(new cdk.App(), 'Prop', { env: { account: '123456789012', region: 'us-east-1' } });
}

function modelIn(stack: cdk.Stack, name: string): sagemaker.Model {
  const repo = ecr.Repository.fromRepositoryName(stack, `Repo${name}`, 'inference');
  return new sagemaker.Model(stack, `Model${name}`, {
    containers: [{ image: sagemaker.ContainerImage.fromEcrRepository(repo), environment: { VARIANT: name } }],
  });
}

function instanceConfig(stack: cdk.Stack, variants: VariantSpec[]): sagemaker.EndpointConfig {
  return new sagemaker.EndpointConfig(stack, 'Config', {
    instanceProductionVariants: variants.map(v => ({
      variantName: v.name,
      model: modelIn(stack, v.name),
      initialInstanceCount: v.count,
      initialVariantWeight: v.weight,
      instanceType: sagemaker.InstanceType.of(v.type),
      containerStartupHealthCheckTimeout: v.healthCheck === undefined ? undefined : cdk.Duration.seconds(v.healthCheck),
      ...settings(v),
    })),
  });
}

function serverlessConfig(stack: cdk.Stack, s: ServerlessSpec): sagemaker.EndpointConfig {
  return new sagemaker.EndpointConfig(stack, 'Config', {
    serverlessProductionVariant: {
      variantName: s.name,
      model: modelIn(stack, s.name),
      memorySizeInMB: s.memory,
      maxConcurrency: s.maxConcurrency,
      provisionedConcurrency: s.provisioned,
    },
  });
}

describe('valid configurations synthesize and pass cfn-lint', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prop-templates-'));
  let written = 0;
  const keep = (stack: cdk.Stack) => {
    fs.writeFileSync(path.join(dir, `t${written++}.json`), JSON.stringify(Template.fromStack(stack).toJSON()));
  };

  test('instance variants', () => {
    fc.assert(fc.property(instanceConfigArb, variants => {
      const stack = newStack();
      const config = instanceConfig(stack, variants);
      new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig: config });
      keep(stack);
    }), { numRuns: RUNS });
  });

  test('serverless variant', () => {
    fc.assert(fc.property(serverlessArb, spec => {
      const stack = newStack();
      new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig: serverlessConfig(stack, spec) });
      keep(stack);
    }), { numRuns: RUNS });
  });

  test('models in a VPC', () => {
    fc.assert(fc.property(networkArb, spec => {
      const stack = newStack();
      vpcModel(stack, spec);
      keep(stack);
    }), { numRuns: RUNS });
  });

  test('cfn-lint reports no error on any generated template', () => {
    expect(fs.existsSync(CFN_LINT)).toBe(true); // installed by scripts/test.sh into .venv
    const files = fs.readdirSync(dir).map(f => path.join(dir, f));
    expect(files.length).toEqual(3 * RUNS);
    const result = spawnSync(CFN_LINT, ['--format', 'parseable', '--regions', 'us-east-1', '--', ...files], { encoding: 'utf-8' });
    const errors = result.stdout.split('\n').filter(line => /:E\d{4}:/.test(line));
    expect(errors).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

/** One violation of a constraint, and the property its error must name. */
interface Violation {
  readonly property: RegExp;
  readonly apply: (v: VariantSpec) => Partial<sagemaker.InstanceProductionVariantProps>;
}

const INSTANCE_VIOLATIONS: Violation[] = [
  { property: /variantName/, apply: v => ({ variantName: `${v.name}_x` }) },
  { property: /variantName/, apply: () => ({ variantName: 'x'.repeat(64) }) },
  { property: /initialInstanceCount|at least one instance/, apply: () => ({ initialInstanceCount: 0 }) },
  { property: /initialVariantWeight/, apply: () => ({ initialVariantWeight: -0.5 }) },
  { property: /containerStartupHealthCheckTimeout/, apply: () => ({ containerStartupHealthCheckTimeout: cdk.Duration.seconds(59) }) },
  { property: /containerStartupHealthCheckTimeout/, apply: () => ({ containerStartupHealthCheckTimeout: cdk.Duration.seconds(3601) }) },
  { property: /acceleratorType/, apply: () => ({ acceleratorType: sagemaker.AcceleratorType.EIA2_LARGE }) },
  { property: /volumeSize/, apply: () => ({ volumeSize: cdk.Size.gibibytes(513) }) },
  { property: /volumeSize/, apply: () => ({ volumeSize: cdk.Size.gibibytes(0) }) },
  { property: /modelDataDownloadTimeout/, apply: () => ({ modelDataDownloadTimeout: cdk.Duration.seconds(3601) }) },
  { property: /instanceProvisionTimeout/, apply: () => ({ instanceProvisionTimeout: cdk.Duration.seconds(299) }) },
  { property: /routingStrategy/, apply: () => ({ routingStrategy: sagemaker.RoutingStrategy.RANDOM, prefixAwareRouting: { prefixLength: 2048 } }) },
  { property: /prefixAwareRouting\.prefixLength/, apply: () => ({ routingStrategy: sagemaker.RoutingStrategy.PREFIX_AWARE, prefixAwareRouting: { prefixLength: 1023 } }) },
  { property: /instancePools\[0\]\.priority/, apply: v => ({ instanceType: undefined, instancePools: [{ instanceType: sagemaker.InstanceType.of(v.type), priority: 0 }] }) },
];

describe('a configuration with exactly one violation is rejected naming the property', () => {
  test('instance variants', () => {
    fc.assert(fc.property(instanceConfigArb, fc.nat(), fc.constantFrom(...INSTANCE_VIOLATIONS), (variants, pick, violation) => {
      const stack = newStack();
      const bad = pick % variants.length;
      const props: sagemaker.InstanceProductionVariantProps[] = variants.map(v => ({
        variantName: v.name,
        model: modelIn(stack, v.name),
        initialInstanceCount: v.count,
        initialVariantWeight: v.weight,
        instanceType: sagemaker.InstanceType.of(v.type),
      }));
      props[bad] = { ...props[bad], ...violation.apply(variants[bad]) };
      expect(() => new sagemaker.EndpointConfig(stack, 'Config', { instanceProductionVariants: props })).toThrow(violation.property);
    }), { numRuns: RUNS });
  });

  test('serverless variant', () => {
    const violations: Array<[RegExp, (s: ServerlessSpec) => Partial<ServerlessSpec>]> = [
      [/memorySizeInMB/, () => ({ memory: 1000 })],
      [/memorySizeInMB/, () => ({ memory: 8192 })],
      [/maxConcurrency/, () => ({ maxConcurrency: 0, provisioned: undefined })],
      [/maxConcurrency/, () => ({ maxConcurrency: 201, provisioned: undefined })],
      [/provisionedConcurrency/, s => ({ provisioned: s.maxConcurrency + 1 })],
      [/variantName/, s => ({ name: `-${s.name}` })],
    ];
    fc.assert(fc.property(serverlessArb, fc.constantFrom(...violations), (spec, [property, apply]) => {
      const stack = newStack();
      expect(() => serverlessConfig(stack, { ...spec, ...apply(spec) })).toThrow(property);
    }), { numRuns: RUNS });
  });

  test('security group and subnet ids', () => {
    // Each mutation makes one id wrong: another prefix, a length that is not 8 or 17, a non-hex digit.
    const mutations: Array<(id: string) => string> = [
      id => id.replace(/^(sg|subnet)-/, 'vpc-'),
      id => `${id}0`,
      id => id.slice(0, -1),
      id => `${id.slice(0, -1)}g`,
      id => id.replace('-', '_'),
    ];
    const violationArb = fc.record({
      field: fc.constantFrom('securityGroups' as const, 'subnets' as const),
      mutation: fc.constantFrom(...mutations),
      pick: fc.nat(),
    });
    fc.assert(fc.property(networkArb, violationArb, (spec, { field, mutation, pick }) => {
      const ids = [...spec[field]];
      const i = pick % ids.length;
      ids[i] = mutation(ids[i]);
      const stack = newStack();
      vpcModel(stack, { ...spec, [field]: ids });
      expect(() => Template.fromStack(stack)).toThrow(field === 'subnets' ? /vpcSubnets subnet id/ : /securityGroups security group id/);
    }), { numRuns: RUNS });
  });

  test('model names, hostnames and environment keys', () => {
    const violations: Array<[RegExp, (name: string) => sagemaker.ModelProps]> = [
      [/modelName/, n => ({ modelName: `${n}!` })],
      [/containerHostname/, n => ({ containers: [{ image: sagemaker.ContainerImage.fromDlc('pytorch-inference', '2.1'), containerHostname: `${n}_h` }] })],
      [/environment key/, n => ({ containers: [{ image: sagemaker.ContainerImage.fromDlc('pytorch-inference', '2.1'), environment: { [`9${n}`]: 'v' } }] })],
      [/environment\['K'\] is too long \(containers\[0\]\.environment\['K'\]: got \d+ characters; allowed at most 1024\)/, n => ({ containers: [{ image: sagemaker.ContainerImage.fromDlc('pytorch-inference', '2.1'), environment: { K: n.repeat(1100) } }] })],
    ];
    fc.assert(fc.property(nameArb, fc.constantFrom(...violations), (name, [property, props]) => {
      const stack = newStack();
      expect(() => new sagemaker.Model(stack, 'Model', {
        containers: [{ image: sagemaker.ContainerImage.fromDlc('pytorch-inference', '2.1') }], ...props(name),
      })).toThrow(property);
    }), { numRuns: RUNS });
  });
});
