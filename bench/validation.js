// Cost of synth-time validation: builds a large app (10 models of 15 containers with 20
// environment entries each, a 10-variant configuration, an endpoint with autoscaling on every
// variant, 40 tags), synthesizes it several times, and reports how much of the time the rule
// tables take. Run after `npx projen compile` (it reads lib/): `node bench/validation.js`.
const fs = require('fs');
const path = require('path');
const { performance } = require('perf_hooks');
const cdk = require('aws-cdk-lib');
const ecr = require('aws-cdk-lib/aws-ecr');
const sagemaker = require('../lib');
const rules = require('../lib/private/rules');

const RUNS = Number(process.env.BENCH_RUNS ?? 7);

// Wrap every rule's check to time it (the tables are plain objects).
const stats = { calls: 0, ms: 0 };
const sets = [...rules.MODEL_RULE_SETS, ...rules.ENDPOINT_CONFIG_RULE_SETS, ...rules.ENDPOINT_RULE_SETS, ...rules.PIPELINE_RULE_SETS];
for (const set of sets) {
  for (const rule of set.rules) {
    const check = rule.check;
    rule.check = (input) => {
      const t0 = performance.now();
      try {
        return check(input);
      } finally {
        stats.ms += performance.now() - t0;
        stats.calls += 1;
      }
    };
  }
}

function buildApp() {
  const app = new cdk.App();
  const stack = new cdk.Stack(app, 'Bench', { env: { account: '123456789012', region: 'us-east-1' } });
  const repo = ecr.Repository.fromRepositoryName(stack, 'Repo', 'inference');
  const models = [];
  for (let m = 0; m < 10; m++) {
    const containers = [];
    for (let c = 0; c < 15; c++) {
      const environment = {};
      for (let e = 0; e < 20; e++) environment[`KEY_${e}`] = `value-${m}-${c}-${e}`;
      containers.push({ image: sagemaker.ContainerImage.fromEcrRepository(repo, `v${c}`), containerHostname: `c${c}`, environment });
    }
    models.push(new sagemaker.Model(stack, `Model${m}`, { containers }));
  }
  const config = new sagemaker.EndpointConfig(stack, 'Config', {
    instanceProductionVariants: models.map((model, i) => ({
      variantName: `v${i}`, model, instanceType: sagemaker.InstanceType.M5_XLARGE, initialInstanceCount: 2,
    })),
  });
  const endpoint = new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig: config });
  for (let i = 0; i < 10; i++) {
    endpoint.findInstanceProductionVariant(`v${i}`)
      .autoScaleInstanceCount({ minCapacity: 2, maxCapacity: 8 })
      .scaleOnInvocations(`Invocations${i}`, { maxRequestsPerSecond: 20 });
  }
  for (let t = 0; t < 40; t++) cdk.Tags.of(stack).add(`tag-${t}`, `value ${t}`);
  return app;
}

const totals = [];
const ruleTimes = [];
let calls = 0;
buildApp().synth(); // warm-up (module loading, JIT)
for (let r = 0; r < RUNS; r++) {
  stats.ms = 0;
  stats.calls = 0;
  const t0 = performance.now();
  buildApp().synth();
  totals.push(performance.now() - t0);
  ruleTimes.push(stats.ms);
  calls = stats.calls;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const result = {
  runs: RUNS,
  resources: '10 models x 15 containers x 20 env entries, 10 variants, 10 scalable targets, 40 tags',
  ruleChecksPerSynth: calls,
  medianConstructAndSynthMs: Number(median(totals).toFixed(1)),
  medianRuleMs: Number(median(ruleTimes).toFixed(2)),
  ruleShareOfTime: `${(100 * median(ruleTimes) / median(totals)).toFixed(2)} %`,
  node: process.version,
};
console.log(JSON.stringify(result, null, 2));
fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
fs.writeFileSync(path.join(__dirname, 'results', 'validation.json'), JSON.stringify(result, null, 2));
