import * as cdk from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sagemaker from '../src';
import { cfnLintErrors, envStack, statements } from './util';

/* Deployment guardrails: strategies, rollback alarms, the exclusions, and the alarms' grant. */

const { Duration } = cdk;
const { CapacitySize, DeploymentStrategy } = sagemaker;
const image = () => sagemaker.ContainerImage.fromDlc('pytorch-inference', '2.1');

interface Setup {
  readonly variants?: Array<Partial<sagemaker.InstanceProductionVariantProps>>;
  readonly alarms?: number;
  readonly serverless?: boolean;
  readonly endpoint?: Partial<sagemaker.EndpointProps>;
}

function setup({ variants = [{ initialInstanceCount: 4 }], alarms = 0, serverless = false, endpoint = {} }: Setup = {}) {
  const { stack } = envStack();
  const model = new sagemaker.Model(stack, 'Model', { containers: [{ image: image() }] });
  const config = new sagemaker.EndpointConfig(stack, 'Config', serverless
    ? { serverlessProductionVariant: { variantName: 's', model, maxConcurrency: 5, memorySizeInMB: 2048 } }
    : {
      instanceProductionVariants: variants.map((v, i) => ({
        variantName: `v${i}`, model, instanceType: sagemaker.InstanceType.M5_LARGE, ...v,
      })),
    });
  const rollbackAlarms = Array.from({ length: alarms }, (_, i) => new cloudwatch.Alarm(stack, `Alarm${i}`, {
    metric: new cloudwatch.Metric({ namespace: 'AWS/SageMaker', metricName: 'Invocation5XXErrors' }),
    threshold: 1,
    evaluationPeriods: 1,
  }));
  const ep = new sagemaker.Endpoint(stack, 'Endpoint', {
    endpointConfig: config,
    ...alarms > 0 ? { rollbackAlarms } : {},
    ...endpoint,
  });
  return { stack, model, config, ep, rollbackAlarms };
}

/** The logical id of the alarm `Alarm<i>` of setup(). */
const alarmId = (stack: cdk.Stack, i: number) => stack.getLogicalId(stack.node.findChild(`Alarm${i}`).node.defaultChild as cdk.CfnElement);
const deploymentConfig = (stack: cdk.Stack) =>
  Object.values<any>(Template.fromStack(stack).findResources('AWS::SageMaker::Endpoint'))[0].Properties.DeploymentConfig;
const warnings = (stack: cdk.Stack, id: string) => Annotations.fromStack(stack)
  .findWarning('*', Match.stringLikeRegexp(`cdk-sagemaker-hosting:${id}\\]`)).map(w => String(w.entry.data).replace(/ \[ack: [^\]]+\]$/, ''));
const allWarnings = (stack: cdk.Stack) => Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map(w => String(w.entry.data));
const templates: Record<string, unknown> = {};
const keep = (name: string, stack: cdk.Stack) => {
  templates[name] = Template.fromStack(stack).toJSON();
};

describe('strategies render DeploymentConfig', () => {
  test('canary with rollback alarms, termination wait and timeout', () => {
    const { stack } = setup({
      alarms: 2,
      endpoint: {
        deployment: DeploymentStrategy.canary({
          canarySize: CapacitySize.percent(25),
          waitInterval: Duration.minutes(10),
          terminationWait: Duration.minutes(5),
          maximumExecutionTimeout: Duration.hours(1),
        }),
      },
    });
    expect(deploymentConfig(stack)).toEqual({
      AutoRollbackConfiguration: { Alarms: [{ AlarmName: { Ref: alarmId(stack, 0) } }, { AlarmName: { Ref: alarmId(stack, 1) } }] },
      BlueGreenUpdatePolicy: {
        TrafficRoutingConfiguration: { Type: 'CANARY', WaitIntervalInSeconds: 600, CanarySize: { Type: 'CAPACITY_PERCENT', Value: 25 } },
        TerminationWaitInSeconds: 300,
        MaximumExecutionTimeoutInSeconds: 3600,
      },
    });
    expect(allWarnings(stack)).toEqual([]);
    keep('canary', stack);
  });

  test('linear in instance steps', () => {
    const { stack } = setup({
      variants: [{ initialInstanceCount: 4 }, { initialInstanceCount: 4 }],
      endpoint: { deployment: DeploymentStrategy.linear({ stepSize: CapacitySize.instances(1), waitInterval: Duration.seconds(120) }) },
    });
    expect(deploymentConfig(stack)).toEqual({
      BlueGreenUpdatePolicy: {
        TrafficRoutingConfiguration: { Type: 'LINEAR', WaitIntervalInSeconds: 120, LinearStepSize: { Type: 'INSTANCE_COUNT', Value: 1 } },
      },
    });
    expect(allWarnings(stack)).toEqual([]);
    keep('linear', stack);
  });

  test('rolling with a rollback batch size', () => {
    const { stack } = setup({
      variants: [{ initialInstanceCount: 10 }],
      alarms: 1,
      endpoint: {
        deployment: DeploymentStrategy.rolling({
          maximumBatchSize: CapacitySize.percent(20),
          waitInterval: Duration.minutes(5),
          rollbackMaximumBatchSize: CapacitySize.instances(5),
          maximumExecutionTimeout: Duration.hours(2),
        }),
      },
    });
    expect(deploymentConfig(stack)).toEqual({
      AutoRollbackConfiguration: { Alarms: [{ AlarmName: { Ref: alarmId(stack, 0) } }] },
      RollingUpdatePolicy: {
        MaximumBatchSize: { Type: 'CAPACITY_PERCENT', Value: 20 },
        WaitIntervalInSeconds: 300,
        RollbackMaximumBatchSize: { Type: 'INSTANCE_COUNT', Value: 5 },
        MaximumExecutionTimeoutInSeconds: 7200,
      },
    });
    expect(allWarnings(stack)).toEqual([]);
    keep('rolling', stack);
  });

  test('all at once with a baking period, and retainDeploymentConfig', () => {
    const { stack } = setup({
      alarms: 1,
      endpoint: { deployment: DeploymentStrategy.allAtOnce({ waitInterval: Duration.minutes(15) }), retainDeploymentConfig: true },
    });
    const [resource] = Object.values<any>(Template.fromStack(stack).findResources('AWS::SageMaker::Endpoint'));
    expect(resource.Properties.RetainDeploymentConfig).toBe(true);
    expect(resource.Properties.DeploymentConfig.BlueGreenUpdatePolicy).toEqual({
      TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 900 },
    });
    expect(allWarnings(stack)).toEqual([]);
    keep('all-at-once', stack);
  });

  test('a serverless endpoint takes a blue/green strategy', () => {
    const { stack } = setup({ serverless: true, endpoint: { deployment: DeploymentStrategy.allAtOnce({ waitInterval: Duration.minutes(5) }) } });
    expect(deploymentConfig(stack).BlueGreenUpdatePolicy.TrafficRoutingConfiguration).toEqual({ Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 300 });
    keep('serverless', stack);
  });

  test('rollback alarms alone: all at once, and a warning that nothing waits for them', () => {
    const { stack } = setup({ alarms: 1 });
    expect(deploymentConfig(stack)).toEqual({
      AutoRollbackConfiguration: { Alarms: [{ AlarmName: { Ref: alarmId(stack, 0) } }] },
      BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 0 } },
    });
    expect(warnings(stack, 'withoutBaking')).toEqual(['rollbackAlarms (rollback_alarms) are set, but deployment is not set: SageMaker '
      + 'watches the alarms during the wait intervals (baking periods), so there is no time for them to roll the update back. Give the '
      + 'strategy a waitInterval, for example DeploymentStrategy.allAtOnce() (all_at_once()) with waitInterval Duration.minutes(10). '
      + '[rule: endpoint.rollbackAlarms.withoutBaking]']);
  });

  test('neither strategy nor alarms: no DeploymentConfig', () => {
    const { stack } = setup();
    expect(deploymentConfig(stack)).toBeUndefined();
  });

});

describe('rollback alarms: the models may read them, nothing more', () => {
  test('every hosted model, including one added later, gets cloudwatch:DescribeAlarms on exactly the alarms', () => {
    const { stack, config } = setup({ alarms: 2, endpoint: { deployment: DeploymentStrategy.allAtOnce({ waitInterval: Duration.minutes(5) }) } });
    const later = new sagemaker.Model(stack, 'Later', { containers: [{ image: image() }] });
    config.addInstanceProductionVariant({ variantName: 'later', model: later, instanceType: sagemaker.InstanceType.M5_LARGE });
    const template = Template.fromStack(stack);
    const describe = statements(template).filter(s => s.Action === 'cloudwatch:DescribeAlarms');
    expect(describe).toHaveLength(2);
    for (const statement of describe) {
      expect(statement).toEqual({
        Action: 'cloudwatch:DescribeAlarms',
        Effect: 'Allow',
        Resource: [{ 'Fn::GetAtt': [alarmId(stack, 0), 'Arn'] }, { 'Fn::GetAtt': [alarmId(stack, 1), 'Arn'] }],
      });
    }
    const roles = Object.values<any>(template.findResources('AWS::IAM::ManagedPolicy'))
      .filter(p => p.Properties.PolicyDocument.Statement.some((s: any) => s.Action === 'cloudwatch:DescribeAlarms'))
      .map(p => p.Properties.Roles[0].Ref);
    expect(roles.sort()).toEqual([expect.stringMatching(/^LaterRole/), expect.stringMatching(/^ModelRole/)]);
  });

  test('addRollbackAlarm(): alarms on the own variant metrics of a named endpoint join the list and the grant', () => {
    const { stack, ep } = setup({
      alarms: 1,
      endpoint: { endpointName: 'churn', deployment: DeploymentStrategy.canary({ canarySize: CapacitySize.percent(25), waitInterval: Duration.minutes(5) }) },
    });
    const errors = ep.findInstanceProductionVariant('v0').metricInvocation5xxErrors();
    ep.addRollbackAlarm(errors.createAlarm(stack, 'Errors', { threshold: 5, evaluationPeriods: 1 }));
    const template = Template.fromStack(stack);
    const errorsId = stack.getLogicalId(stack.node.findChild('Errors').node.defaultChild as cdk.CfnElement);
    expect(deploymentConfig(stack).AutoRollbackConfiguration)
      .toEqual({ Alarms: [{ AlarmName: { Ref: alarmId(stack, 0) } }, { AlarmName: { Ref: errorsId } }] });
    // the metric names the endpoint literally: no dependency of the alarm on the endpoint
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Invocation5XXErrors',
      Dimensions: [{ Name: 'EndpointName', Value: 'churn' }, { Name: 'VariantName', Value: 'v0' }],
    });
    expect(statements(template).filter(s => s.Action === 'cloudwatch:DescribeAlarms')).toEqual([{
      Action: 'cloudwatch:DescribeAlarms',
      Effect: 'Allow',
      Resource: [{ 'Fn::GetAtt': [alarmId(stack, 0), 'Arn'] }, { 'Fn::GetAtt': [errorsId, 'Arn'] }],
    }]);
    keep('own-metric-alarm', stack);
  });

  test('an alarm on the own metrics of an endpoint without a name is a dependency cycle, rejected at synth', () => {
    const { stack, ep } = setup({ endpoint: { deployment: DeploymentStrategy.allAtOnce({ waitInterval: Duration.minutes(5) }) } });
    ep.addRollbackAlarm(ep.findInstanceProductionVariant('v0').metricModelLatency().createAlarm(stack, 'Latency', { threshold: 1e6, evaluationPeriods: 1 }));
    expect(() => Template.fromStack(stack)).toThrow("[TestStack/Endpoint] rollback alarm 'TestStack/Latency' watches a metric of this endpoint by "
      + 'its generated name, so the endpoint depends on the alarm and the alarm on the endpoint: a dependency cycle that CloudFormation '
      + "rejects (rollbackAlarms (rollback_alarms): got 'TestStack/Latency'; allowed an endpoint with an endpointName (endpoint_name), whose "
      + 'metrics name it literally, or alarms that do not reference the endpoint resource) [rule: endpoint.rollbackAlarms.dependencyCycle]');
  });

  test('addRollbackAlarm() on an endpoint without alarms or strategy: rendered, granted and warned about', () => {
    const { stack, ep } = setup({ endpoint: { endpointName: 'named' } });
    ep.addRollbackAlarm(ep.findInstanceProductionVariant('v0').metricModelLatency().createAlarm(stack, 'Latency', { threshold: 1e6, evaluationPeriods: 1 }));
    expect(deploymentConfig(stack).AutoRollbackConfiguration.Alarms).toHaveLength(1);
    expect(statements(Template.fromStack(stack)).filter(s => s.Action === 'cloudwatch:DescribeAlarms')).toHaveLength(1);
    expect(warnings(stack, 'withoutBaking')).toHaveLength(1);
  });

  test('no alarms: no grant', () => {
    const { stack } = setup({ endpoint: { deployment: DeploymentStrategy.allAtOnce() } });
    expect(statements(Template.fromStack(stack)).filter(s => JSON.stringify(s.Action).includes('cloudwatch:DescribeAlarms'))).toEqual([]);
  });

  test('an imported configuration: a warning names the grant to add', () => {
    const { stack } = envStack();
    const alarm = cloudwatch.Alarm.fromAlarmName(stack, 'A', 'errors');
    new sagemaker.Endpoint(stack, 'Endpoint', {
      endpointConfig: sagemaker.EndpointConfig.fromEndpointConfigName(stack, 'C', 'config'),
      rollbackAlarms: [alarm],
      deployment: DeploymentStrategy.allAtOnce({ waitInterval: Duration.minutes(5) }),
    });
    Template.fromStack(stack);
    expect(warnings(stack, 'rollbackAlarmsImportedConfig')).toEqual(['rollbackAlarms (rollback_alarms) are set on an endpoint whose '
      + 'configuration is imported, so its models\' execution roles are not known and cannot be granted cloudwatch:DescribeAlarms on the '
      + 'alarms, which SageMaker needs to watch them. Grant it to those roles. [rule: endpoint.rollbackAlarms.importedConfig]']);
  });
});

describe('invalid timings, sizes and combinations are rejected at synth, naming property and value', () => {
  test.each<[string, Setup, string]>([
    ['wait interval over an hour', { endpoint: { deployment: DeploymentStrategy.canary({ canarySize: CapacitySize.percent(10), waitInterval: Duration.seconds(3601) }) } },
      'deployment.waitInterval must be between 0 and 3600 seconds (deployment.waitInterval (deployment.wait_interval): got 3601 seconds; '
      + 'allowed whole seconds from 0 to 3600)'],
    ['termination wait in fractions of a second', { endpoint: { deployment: DeploymentStrategy.allAtOnce({ terminationWait: Duration.millis(1500) }) } },
      'deployment.terminationWait must be between 0 and 3600 seconds (deployment.terminationWait (deployment.termination_wait): got 1.5 seconds; '
      + 'allowed whole seconds from 0 to 3600)'],
    ['execution timeout under 10 minutes', {
      endpoint: {
        deployment: DeploymentStrategy.rolling({
          maximumBatchSize: CapacitySize.instances(1), waitInterval: Duration.seconds(0), maximumExecutionTimeout: Duration.minutes(5),
        }),
      },
    }, 'deployment.maximumExecutionTimeout must be between 600 and 28800 seconds (deployment.maximumExecutionTimeout '
      + '(deployment.maximum_execution_timeout): got 300 seconds; allowed whole seconds from 600 to 28800)'],
    ['execution timeout over 8 hours', { endpoint: { deployment: DeploymentStrategy.allAtOnce({ maximumExecutionTimeout: Duration.hours(9) }) } },
      'deployment.maximumExecutionTimeout (deployment.maximum_execution_timeout): got 32400 seconds; allowed whole seconds from 600 to 28800'],
    ['canary of no instances', { endpoint: { deployment: DeploymentStrategy.canary({ canarySize: CapacitySize.instances(0), waitInterval: Duration.minutes(1) }) } },
      'deployment.canarySize (CapacitySize.instances()) must be an integer 1 or more (deployment.canarySize (deployment.canary_size) '
      + '(CapacitySize.instances()): got 0; allowed an integer 1 or more)'],
    ['step of a fractional percent', { endpoint: { deployment: DeploymentStrategy.linear({ stepSize: CapacitySize.percent(12.5), waitInterval: Duration.minutes(1) }) } },
      'deployment.stepSize (deployment.step_size) (CapacitySize.percent()): got 12.5; allowed an integer from 1 to 100'],
    ['step of more than 100 percent', { endpoint: { deployment: DeploymentStrategy.canary({ canarySize: CapacitySize.percent(150), waitInterval: Duration.minutes(1) }) } },
      'deployment.canarySize (CapacitySize.percent()) must be an integer between 1 and 100 (deployment.canarySize (deployment.canary_size) '
      + '(CapacitySize.percent()): got 150; allowed an integer from 1 to 100) [rule: endpoint.deployment.capacitySize]'],
    ['rollback batch of no instances', {
      endpoint: {
        deployment: DeploymentStrategy.rolling({
          maximumBatchSize: CapacitySize.percent(10), waitInterval: Duration.minutes(1), rollbackMaximumBatchSize: CapacitySize.instances(0),
        }),
      },
    }, 'deployment.rollbackMaximumBatchSize (deployment.rollback_maximum_batch_size) (CapacitySize.instances()): got 0; allowed an integer 1 or more'],
  ])('%s', (_name, props, message) => {
    expect(() => setup(props)).toThrow(/^TestStack\/Endpoint: /);
    expect(() => setup(props)).toThrow(message);
  });

  test('11 rollback alarms, counting those added later', () => {
    const { stack, ep } = setup({ alarms: 10, endpoint: { deployment: DeploymentStrategy.allAtOnce({ waitInterval: Duration.minutes(1) }) } });
    ep.addRollbackAlarm(cloudwatch.Alarm.fromAlarmName(stack, 'Eleventh', 'eleventh'));
    expect(() => Template.fromStack(stack)).toThrow('[TestStack/Endpoint] rollbackAlarms must have at most 10 alarms (rollbackAlarms '
      + '(rollback_alarms): got 11 alarms; allowed 1 to 10 CloudWatch alarms)');
  });

  test('rolling with two variants', () => {
    const { stack } = setup({
      variants: [{ initialInstanceCount: 4 }, { initialInstanceCount: 4 }],
      endpoint: { deployment: DeploymentStrategy.rolling({ maximumBatchSize: CapacitySize.percent(25), waitInterval: Duration.minutes(1) }) },
    });
    expect(() => Template.fromStack(stack)).toThrow('[TestStack/Endpoint] Rolling deployments do not support endpoints with more than one '
      + "production variant (deployment: got DeploymentStrategy.rolling() with variants 'v0', 'v1'; allowed one production variant, or "
      + 'DeploymentStrategy.allAtOnce() (all_at_once()), canary() or linear())');
  });

  test('rolling on a serverless endpoint', () => {
    const { stack } = setup({
      serverless: true,
      endpoint: { deployment: DeploymentStrategy.rolling({ maximumBatchSize: CapacitySize.percent(25), waitInterval: Duration.minutes(1) }) },
    });
    expect(() => Template.fromStack(stack)).toThrow('[TestStack/Endpoint] Rolling deployments do not support serverless endpoints '
      + "(deployment: got DeploymentStrategy.rolling(); allowed DeploymentStrategy.allAtOnce() (all_at_once()), canary() or linear() for the serverless variant 's')");
  });

  test('tokens are not checked', () => {
    const { stack } = envStack();
    const n = new cdk.CfnParameter(stack, 'N', { type: 'Number' }).valueAsNumber;
    const wait = Duration.seconds(new cdk.CfnParameter(stack, 'W', { type: 'Number' }).valueAsNumber);
    const model = new sagemaker.Model(stack, 'Model', { containers: [{ image: image() }] });
    const config = new sagemaker.EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'v', model, initialInstanceCount: n }] });
    new sagemaker.Endpoint(stack, 'Endpoint', {
      endpointConfig: config,
      deployment: DeploymentStrategy.rolling({ maximumBatchSize: CapacitySize.instances(n), waitInterval: wait, maximumExecutionTimeout: wait }),
    });
    const policy = deploymentConfig(stack).RollingUpdatePolicy;
    expect(policy.MaximumBatchSize).toEqual({ Type: 'INSTANCE_COUNT', Value: { Ref: 'N' } });
    expect(policy.WaitIntervalInSeconds).toEqual({ Ref: 'W' });
    expect(allWarnings(stack)).toEqual([]);
  });
});

describe('documented limits that are not hard checks are warnings', () => {
  test.each<[string, Setup, string, string]>([
    ['canary over half the instances (percent)', { endpoint: { deployment: DeploymentStrategy.canary({ canarySize: CapacitySize.percent(60), waitInterval: Duration.minutes(1) }) } },
      'stepShare', 'deployment.canarySize (deployment.canary_size) is 60 %, but SageMaker documents at most 50 % of the variant\'s instances '
      + 'for it; the update may be rejected when it starts. [rule: endpoint.deployment.stepShare]'],
    ['canary of a single-instance variant', {
      variants: [{ initialInstanceCount: 4 }, { initialInstanceCount: 1 }],
      endpoint: { deployment: DeploymentStrategy.canary({ canarySize: CapacitySize.instances(1), waitInterval: Duration.minutes(1) }) },
    }, 'stepShare', "variant 'v1' initialInstanceCount (initial_instance_count) is 1, so deployment.canarySize (deployment.canary_size) of 1 "
      + 'instance is 100 % of its instances, but SageMaker documents at most 50 %; the update may be rejected when it starts. Use '
      + 'CapacitySize.percent() or more instances. [rule: endpoint.deployment.stepShare]'],
    ['linear step under 10 %', { endpoint: { deployment: DeploymentStrategy.linear({ stepSize: CapacitySize.percent(5), waitInterval: Duration.minutes(1) }) } },
      'stepShare', 'deployment.stepSize (deployment.step_size) is 5 %, but SageMaker documents 10 % to 50 % of the variant\'s instances for '
      + 'it; the update may be rejected when it starts. [rule: endpoint.deployment.stepShare]'],
    ['rolling batch over half', { endpoint: { deployment: DeploymentStrategy.rolling({ maximumBatchSize: CapacitySize.instances(3), waitInterval: Duration.minutes(1) }) } },
      'stepShare', "variant 'v0' initialInstanceCount (initial_instance_count) is 4, so deployment.maximumBatchSize "
      + '(deployment.maximum_batch_size) of 3 instances is 75 % of its instances, but SageMaker documents 5 % to 50 %; the update may be '
      + 'rejected when it starts. Use CapacitySize.percent() or more instances. [rule: endpoint.deployment.stepShare]'],
    ['timeout shorter than the waits', {
      endpoint: {
        deployment: DeploymentStrategy.linear({
          stepSize: CapacitySize.percent(25),
          waitInterval: Duration.minutes(30),
          terminationWait: Duration.minutes(10),
          maximumExecutionTimeout: Duration.hours(1),
        }),
      },
    }, 'maximumExecutionTimeoutTooShort', 'deployment.maximumExecutionTimeout (deployment.maximum_execution_timeout) is 3600 seconds, not '
      + 'longer than the 6000 seconds the deployment waits (terminationWait (termination_wait) 600 s + waitInterval (wait_interval) 1800 s × 3 '
      + 'steps): SageMaker stops the update and rolls it back before it can finish. Make it longer. [rule: endpoint.deployment.maximumExecutionTimeout.tooShort]'],
    ['an ml.inf1 variant', {
      variants: [{ instanceType: sagemaker.InstanceType.INF1_XLARGE, initialInstanceCount: 2 }],
      endpoint: { deployment: DeploymentStrategy.canary({ canarySize: CapacitySize.percent(50), waitInterval: Duration.minutes(1) }) },
    }, 'deploymentGuardrailsFallback', "deployment guardrails are set, but variant 'v0' runs on ml.inf1: SageMaker then updates the endpoint "
      + 'all at once without a baking period and ignores the strategy and rollback alarms. [rule: endpoint.deployment.fallback]'],
  ])('%s', (_name, props, id, message) => {
    const { stack } = setup(props);
    Template.fromStack(stack);
    expect(warnings(stack, id)).toEqual([message]);
  });

  test('a model package: guardrails may fall back', () => {
    const { stack } = envStack();
    const model = new sagemaker.Model(stack, 'Model', {
      containers: [{ modelPackage: sagemaker.ModelPackage.fromModelPackageArn(stack, 'P', 'arn:aws:sagemaker:us-west-2:123456789012:model-package/churn/1') }],
    });
    const config = new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'pkg', model, instanceType: sagemaker.InstanceType.M5_LARGE, initialInstanceCount: 2 }],
    });
    new sagemaker.Endpoint(stack, 'Endpoint', {
      endpointConfig: config,
      deployment: DeploymentStrategy.canary({ canarySize: CapacitySize.instances(1), waitInterval: Duration.minutes(1) }),
    });
    Template.fromStack(stack);
    expect(warnings(stack, 'deploymentGuardrailsFallback')).toEqual(["deployment guardrails are set, but variant 'pkg' hosts a model package "
      + '(AWS Marketplace packages are excluded): SageMaker then updates the endpoint all at once without a baking period and ignores '
      + 'the strategy and rollback alarms. [rule: endpoint.deployment.fallback]']);
  });

  test('a long enough timeout is not warned about', () => {
    const { stack } = setup({
      endpoint: {
        deployment: DeploymentStrategy.linear({
          stepSize: CapacitySize.percent(25),
          waitInterval: Duration.minutes(30),
          terminationWait: Duration.minutes(10),
          maximumExecutionTimeout: Duration.seconds(6001),
        }),
      },
    });
    Template.fromStack(stack);
    expect(allWarnings(stack)).toEqual([]);
  });
});

test('the cfn-lint of every valid template above has no error', () => {
  expect(Object.keys(templates)).toHaveLength(6);
  expect(cfnLintErrors(templates)).toEqual([]);
});
