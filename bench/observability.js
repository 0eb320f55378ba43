// Cost of monitoring: N endpoints (model → configuration → endpoint → autoscaling on invocations)
// synthesized plain, and with every variant's recommended alarms and one EndpointDashboard over
// all of them; validation off (CDK_VALIDATION=false) so only the library's own work is timed.
// Interleaved runs, medians. Run after `npx projen compile` (it reads lib/):
//   node bench/observability.js            (BENCH_RUNS, BENCH_N; BENCH_LIB=<other lib/> for an A/B of the plain mode)
const path = require('path');
const { performance } = require('perf_hooks');

process.env.CDK_VALIDATION = 'false';
const lib = path.resolve(process.env.BENCH_LIB ?? path.join(__dirname, '..', 'lib'));
// the aws-cdk-lib of the library measured (an A/B may read another checkout's lib/)
const cdk = require(require.resolve('aws-cdk-lib', { paths: [lib] }));
const sagemaker = require(lib);
const MODES = (process.env.BENCH_MODES ?? 'plain,monitored').split(',');

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const N = Number(process.env.BENCH_N ?? 200);
const PER_STACK = 25; // 25 × 14 resources with the alarms: under the 500 of a stack

function build(monitored) {
  const app = new cdk.App({ outdir: path.join(require('os').tmpdir(), `bench-observability-${process.pid}`) });
  const endpoints = [];
  let stack;
  for (let i = 0; i < N; i++) {
    if (i % PER_STACK === 0) {
      stack = new cdk.Stack(app, `Bench${i / PER_STACK}`, { env: { account: '123456789012', region: 'us-east-1' } });
    }
    const model = new sagemaker.Model(stack, `Model${i}`, {
      containers: [{ image: sagemaker.ContainerImage.fromDlc('pytorch-inference', '2.1') }],
    });
    const config = new sagemaker.EndpointConfig(stack, `Config${i}`, {
      instanceProductionVariants: [{ variantName: 'main', model, instanceType: sagemaker.InstanceType.M5_XLARGE, initialInstanceCount: 2 }],
    });
    const endpoint = new sagemaker.Endpoint(stack, `Endpoint${i}`, { endpointConfig: config, endpointName: `bench-${i}` });
    const variant = endpoint.findInstanceProductionVariant('main');
    variant.autoScaleInstanceCount({ minCapacity: 2, maxCapacity: 4 }).scaleOnInvocations('Rps', { maxRequestsPerSecond: 10 });
    if (monitored) {
      variant.addRecommendedAlarms('Alarms');
      endpoints.push(endpoint);
    }
    if (monitored && (i % PER_STACK === PER_STACK - 1 || i === N - 1)) {
      new sagemaker.EndpointDashboard(stack, 'Dashboard', { endpoints: endpoints.splice(0) });
    }
  }
  const t0 = performance.now();
  const assembly = app.synth();
  const synthMs = performance.now() - t0;
  const resources = assembly.stacks.reduce((n, s) => n + Object.keys(s.template.Resources).length, 0);
  return { synthMs, resources };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const times = Object.fromEntries(MODES.map(m => [m, []]));
const resources = {};
for (let r = 0; r < RUNS; r++) {
  for (const mode of r % 2 === 0 ? MODES : [...MODES].reverse()) {
    const t0 = performance.now();
    const result = build(mode === 'monitored');
    times[mode].push(performance.now() - t0);
    resources[mode] = result.resources;
  }
}
const plain = times.plain && median(times.plain);
const monitored = times.monitored && median(times.monitored);
console.log(JSON.stringify({
  lib, N, runs: RUNS,
  plainMs: plain && Math.round(plain), monitoredMs: monitored && Math.round(monitored),
  resources,
  ...plain && monitored ? {
    monitoringMsPerEndpoint: Number(((monitored - plain) / N).toFixed(2)),
    msPerAlarm: Number(((monitored - plain) / (resources.monitored - resources.plain)).toFixed(2)),
  } : {},
}));
