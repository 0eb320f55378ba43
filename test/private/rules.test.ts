import * as fs from 'fs';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import {
  enforce,
  ALARM_RULE_SETS,
  ENDPOINT_CONFIG_RULE_SETS,
  ENDPOINT_RULE_SETS,
  INFERENCE_COMPONENT_RULE_SETS,
  MODEL_RULE_SETS,
  PIPELINE_RULE_SETS,
  problem,
  REGISTRY_RULE_SETS,
  py,
  RuleSet,
  validation,
  withPythonNames,
} from '../../src/private/rules';

const RESOURCES: Record<string, ReadonlyArray<RuleSet<any>>> = {
  'AWS::SageMaker::Model': MODEL_RULE_SETS,
  'AWS::SageMaker::EndpointConfig': ENDPOINT_CONFIG_RULE_SETS,
  'AWS::SageMaker::Endpoint (+ autoscaling)': ENDPOINT_RULE_SETS,
  'AWS::SageMaker::InferenceComponent (+ autoscaling)': INFERENCE_COMPONENT_RULE_SETS,
  'Pipeline import': PIPELINE_RULE_SETS,
  'Alarms': ALARM_RULE_SETS,
  'Model Registry': REGISTRY_RULE_SETS,
};
const ALL = Object.values(RESOURCES).flat().flatMap(set => set.rules);

describe('the rule tables', () => {
  test('every rule has a unique id and names its source', () => {
    const ids = ALL.map(rule => rule.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(ALL.filter(rule => !/^[a-zA-Z]+(\.[a-zA-Z]+)+$/.test(rule.id))).toEqual([]);
    expect(ALL.filter(rule => rule.source.trim().length === 0)).toEqual([]);
  });

  test('every source is a public document a user can open', () => {
    // A link to the page that states the constraint; nothing that points into this repository's own files.
    expect(ALL.filter(rule => !/\(https:\/\/[^ )]+(, https:\/\/[^ )]+)*\)$/.test(rule.source)).map(rule => rule.id)).toEqual([]);
    expect(ALL.filter(rule => /§|\bC\d+\b|sagemaker-constraints|api-contract|conventions\.md|\bissue \d/i.test(rule.source))
      .map(rule => `${rule.id}: ${rule.source}`)).toEqual([]);
  });

  test('rule counts per resource', () => {
    const counts = Object.fromEntries(Object.entries(RESOURCES).map(([resource, sets]) => {
      const rules = sets.flatMap(set => set.rules);
      const warnings = rules.filter(rule => rule.severity === 'warning').length;
      return [resource, { errors: rules.length - warnings, warnings }];
    }));
    // The README states the counts.
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf-8').replace(/\s+/g, ' ');
    const model = counts['AWS::SageMaker::Model'];
    const config = counts['AWS::SageMaker::EndpointConfig'];
    const endpoint = counts['AWS::SageMaker::Endpoint (+ autoscaling)'];
    const component = counts['AWS::SageMaker::InferenceComponent (+ autoscaling)'];
    const registry = counts['Model Registry'];
    expect(readme).toContain(`${model.errors + model.warnings} rules for a Model and what it is built from `
      + `(${model.errors} errors, ${model.warnings} warnings)`);
    expect(readme).toContain(`${config.errors + config.warnings} for an EndpointConfig and its variants `
      + `(${config.errors} errors, ${config.warnings} warnings)`);
    expect(readme).toContain(`${endpoint.errors + endpoint.warnings} for an Endpoint and its autoscaling (${endpoint.errors} errors, `
      + `${endpoint.warnings} warnings), ${component.errors + component.warnings} for an InferenceComponent and its copy scaling `
      + `(${component.errors} errors, ${component.warnings} warnings), ${counts['Pipeline import'].errors} for pipeline imports, `
      + `${counts.Alarms.errors} for recommended and detailed-observability alarms, `
      + `${registry.errors + registry.warnings} for model package groups and registered versions (${registry.errors} errors, `
      + `${registry.warnings} warning${registry.warnings === 1 ? '' : 's'})`);
  });
});

describe('enforce', () => {
  const scope = () => {
    const stack = new cdk.Stack(new cdk.App(), 'S');
    cdk.Validations.of(stack).acknowledge({ id: 'CloudFormation-Validate::F0001', reason: 'the rule engine is tested on an empty stack' });
    return stack;
  };
  const TWO: RuleSet<number> = {
    name: 'test',
    rules: [
      { id: 'test.positive', source: 'test', check: n => n > 0 ? undefined : `n must be positive (got ${n})` },
      { id: 'test.even', source: 'test', check: n => [n % 2 === 0 ? undefined : `n must be even (got ${n})`] },
      { id: 'test.big', source: 'test', severity: 'warning', check: n => n > 100 ? `n is big (got ${n})` : undefined },
    ],
  };

  test('one error is the message, prefixed with the construct path', () => {
    expect(() => enforce(scope(), TWO, 3)).toThrow(/^S: n must be even \(got 3\) \[rule: test.even\]$/);
  });

  test('several errors are listed', () => {
    expect(() => enforce(scope(), TWO, -1)).toThrow('S: 2 problems:\n  - n must be positive (got -1) [rule: test.positive]\n  - n must be even (got -1) [rule: test.even]');
  });

  test('a summary joins the errors after its prefix', () => {
    expect(() => enforce(scope(), { ...TWO, summary: { prefix: 'Bad: ', separator: ' | ' } }, -1))
      .toThrow('S: Bad: n must be positive (got -1) [rule: test.positive] | n must be even (got -1) [rule: test.even]');
  });

  test('warnings are annotated with the last part of the rule id', () => {
    const stack = scope();
    enforce(stack, TWO, 102);
    Annotations.fromStack(stack).hasWarning('/S', 'n is big (got 102) [rule: test.big] [ack: cdk-sagemaker-hosting:big]');
  });

  test('messages name the property in both languages and leave paths and values as written', () => {
    expect(problem('bad', 'initialInstanceCount', "'prodStack/sageMaker/endpointConfig'", 'a variant of prodStack/sageMaker/endpointConfig'))
      .toBe("bad (initialInstanceCount (initial_instance_count): got 'prodStack/sageMaker/endpointConfig'; allowed a variant of "
        + 'prodStack/sageMaker/endpointConfig)');
    expect(withPythonNames("variant 'myVariant' of prodStack/sageMaker/endpointConfig: retainAllVariantProperties"))
      .toBe("variant 'myVariant' of prodStack/sageMaker/endpointConfig: retainAllVariantProperties (retain_all_variant_properties)");
    expect(py('retainAllVariantProperties')).toBe('retainAllVariantProperties (retain_all_variant_properties)');
    expect(py('InferenceComponent.fromInferenceComponentAttributes()'))
      .toBe('InferenceComponent.fromInferenceComponentAttributes() (InferenceComponent.from_inference_component_attributes())');
    expect(py('vpc')).toBe('vpc');
  });

  test('a validation returns errors for the CDK to report', () => {
    const stack = scope();
    stack.node.addValidation(validation(stack, [TWO], () => 7));
    expect(() => Annotations.fromStack(stack)).toThrow(/n must be even \(got 7\)/);
  });
});
