import * as cdk from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as sagemaker from '../src';
import { envStack } from './util';

describe('tags (every resource, checked at synth after Tags.of() ran)', () => {
  function hosting(stack: cdk.Stack) {
    const model = new sagemaker.Model(stack, 'Model', { containers: [{ image: sagemaker.ContainerImage.fromDlc('pytorch-inference', '2.1') }] });
    const config = new sagemaker.EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'a', model }] });
    return new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig: config });
  }

  test('valid tags are rendered on model, config and endpoint', () => {
    const { stack } = envStack();
    hosting(stack);
    cdk.Tags.of(stack).add('team', 'ml-platform');
    const template = Template.fromStack(stack);
    for (const type of ['AWS::SageMaker::Model', 'AWS::SageMaker::EndpointConfig', 'AWS::SageMaker::Endpoint']) {
      template.hasResourceProperties(type, { Tags: Match.arrayWith([{ Key: 'team', Value: 'ml-platform' }]) });
    }
  });

  test('a reserved aws: key, a bad character and more than 50 tags fail at synth, naming the tag', () => {
    const { stack } = envStack();
    const endpoint = hosting(stack);
    cdk.Tags.of(endpoint).add('aws:owner', 'x');
    cdk.Tags.of(stack).add('cost#center', 'y');
    for (let i = 0; i < 50; i++) cdk.Tags.of(stack.node.findChild('Model')).add(`k${i}`, 'v');
    expect(() => Template.fromStack(stack)).toThrow(
      /\[TestStack\/Model\] too many tags on one resource \(tags: got 51; allowed at most 50\)[\s\S]*tag key 'cost#center' is not a valid tag key \(tag key: got 'cost#center', 11 characters; allowed 1 to 128 letters[\s\S]*\[TestStack\/Endpoint\] tag key 'aws:owner' must not start with 'aws:', which is reserved for AWS \(tag key: got 'aws:owner'; allowed any key not starting with 'aws:'\)/);
  });

  test('tag values given as tokens are not validated', () => {
    const { stack } = envStack();
    hosting(stack);
    cdk.Tags.of(stack).add('owner', new cdk.CfnParameter(stack, 'Owner').valueAsString);
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Endpoint', { Tags: [{ Key: 'owner', Value: { Ref: 'Owner' } }] });
  });
});

test('all variants with weight 0 is a warning', () => {
  const { stack } = envStack();
  const model = sagemaker.Model.fromModelName(stack, 'M', 'm');
  new sagemaker.EndpointConfig(stack, 'Config', {
    instanceProductionVariants: [{ variantName: 'a', model, initialVariantWeight: 0 }, { variantName: 'b', model, initialVariantWeight: 0 }],
  });
  Annotations.fromStack(stack).hasWarning('/TestStack/Config', Match.stringLikeRegexp("every variant has initialVariantWeight \\(initial_variant_weight\\) 0 \\('a', 'b'\\)"));
});
