import * as cdk from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as sagemaker from '../src';
import { envStack } from './util';

/* Retained variant properties, and the warning that an update resets an autoscaled count. */

function endpoint(props: Partial<sagemaker.EndpointProps> = {}, scale: string[] = ['main']) {
  const { stack } = envStack();
  const model = new sagemaker.Model(stack, 'Model', { containers: [{ image: sagemaker.ContainerImage.fromDlc('pytorch-inference', '2.1') }] });
  const config = new sagemaker.EndpointConfig(stack, 'Config', {
    instanceProductionVariants: ['main', 'other'].map(variantName => ({ variantName, model, instanceType: sagemaker.InstanceType.M5_LARGE })),
  });
  const ep = new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig: config, ...props });
  for (const name of scale) {
    ep.findInstanceProductionVariant(name).autoScaleInstanceCount({ maxCapacity: 4 }).scaleOnInvocations('Rps', { maxRequestsPerSecond: 10 });
  }
  return { stack, ep };
}
const resets = (stack: cdk.Stack) => Annotations.fromStack(stack)
  .findWarning('*', Match.stringLikeRegexp('autoscaledCountReset')).map(w => w.entry.data);

test('renders RetainAllVariantProperties and ExcludeRetainedVariantProperties', () => {
  const { stack } = endpoint({
    retainAllVariantProperties: true,
    excludeRetainedVariantProperties: [sagemaker.VariantPropertyType.DESIRED_WEIGHT, sagemaker.VariantPropertyType.DATA_CAPTURE_CONFIG],
  });
  Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Endpoint', {
    RetainAllVariantProperties: true,
    ExcludeRetainedVariantProperties: [{ VariantPropertyType: 'DesiredWeight' }, { VariantPropertyType: 'DataCaptureConfig' }],
  });
  expect(resets(stack)).toEqual([]);
});

test('unset renders neither property', () => {
  const { stack } = endpoint({}, []);
  const [resource] = Object.values(Template.fromStack(stack).findResources('AWS::SageMaker::Endpoint'));
  expect(Object.keys(resource.Properties).sort()).toEqual(['EndpointConfigName']);
});

test('an autoscaled variant without retained properties is warned about, once per scaled variant', () => {
  const { stack } = endpoint({}, ['main']);
  expect(resets(stack)).toEqual(["variant 'main' is autoscaled, but retainAllVariantProperties (retain_all_variant_properties) is not set: "
    + 'the next change of the endpoint configuration resets its instance count to initialInstanceCount (initial_instance_count) until '
    + 'autoscaling scales it again. Set retainAllVariantProperties to true to keep the count. '
    + '[rule: endpoint.retainAllVariantProperties.autoscaledCountReset] [ack: cdk-sagemaker-hosting:autoscaledCountReset]']);
});

test('no warning without autoscaling', () => {
  expect(resets(endpoint({}, []).stack)).toEqual([]);
});

test('excluding DESIRED_INSTANCE_COUNT brings the warning back', () => {
  const { stack } = endpoint({
    retainAllVariantProperties: true,
    excludeRetainedVariantProperties: [sagemaker.VariantPropertyType.DESIRED_INSTANCE_COUNT],
  }, ['main', 'other']);
  expect(resets(stack)).toHaveLength(2);
  expect(resets(stack)[1]).toContain("variant 'other' is autoscaled, but excludeRetainedVariantProperties (exclude_retained_variant_properties) "
    + 'lists DESIRED_INSTANCE_COUNT');
});

test('the warning can be acknowledged', () => {
  const { stack, ep } = endpoint({}, ['main']);
  cdk.Validations.of(ep).acknowledge({ id: 'cdk-sagemaker-hosting:autoscaledCountReset', reason: 'the count is set by each release' });
  expect(resets(stack)).toEqual([]);
});

test('excluded properties without retain-all are warned about', () => {
  const { stack } = endpoint({ excludeRetainedVariantProperties: [sagemaker.VariantPropertyType.DESIRED_WEIGHT] }, []);
  expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('excludeWithoutRetainAll')).map(w => w.entry.data))
    .toEqual([expect.stringContaining("excludeRetainedVariantProperties (exclude_retained_variant_properties) ('DesiredWeight') has no "
      + 'effect unless retainAllVariantProperties (retain_all_variant_properties) is true')]);
});

test('a property excluded twice', () => {
  const { stack } = endpoint({
    retainAllVariantProperties: true,
    excludeRetainedVariantProperties: [sagemaker.VariantPropertyType.DESIRED_WEIGHT, sagemaker.VariantPropertyType.DESIRED_WEIGHT],
  }, []);
  expect(() => Template.fromStack(stack)).toThrow('[TestStack/Endpoint] excludeRetainedVariantProperties lists a property twice '
    + "(excludeRetainedVariantProperties (exclude_retained_variant_properties): got 'DesiredWeight', 'DesiredWeight'; allowed each of "
    + 'DESIRED_INSTANCE_COUNT, DESIRED_WEIGHT and DATA_CAPTURE_CONFIG at most once)');
});
