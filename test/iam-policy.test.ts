import * as cdk from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sagemaker from '../src';
import { accountWideStatements, fixture, rolePolicyStatements } from './util';

/*
 * The exact statements every feature grants (least privilege): the execution role's customer-managed
 * policy (the statements that need '*' or a wildcard first, then one-ARN grants; a grant of a user that
 * names one of those wildcards goes to a Grants policy apart) and
 * what grantInvoke / grantStartPipelineExecution give. No '*' where a narrower ARN exists.
 */
const P = { Ref: 'AWS::Partition' };
const join = (...parts: unknown[]) => ({ 'Fn::Join': ['', parts] });
const LOGS = {
  Sid: 'EndpointLogs',
  Effect: 'Allow',
  Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
  Resource: join('arn:', P, ':logs:eu-west-1:123456789012:log-group:/aws/sagemaker/Endpoints/*'),
};
const METRICS = { Sid: 'EndpointMetrics', Effect: 'Allow', Action: 'cloudwatch:PutMetricData', Resource: '*' };
const ECR_AUTH = { Sid: 'EcrAuthorization', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' };
const PULL = ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'];

function stack(): cdk.Stack {
  return new cdk.Stack(new cdk.App(), 'S', { env: { account: '123456789012', region: 'eu-west-1' } });
}

function rolePolicies(s: cdk.Stack): { statements: unknown[]; apart: unknown[] } {
  const template = Template.fromStack(s);
  // nothing inline: no AWS::IAM::Policy and no Policies on the role
  expect(template.findResources('AWS::IAM::Policy')).toEqual({});
  expect(Object.values(template.findResources('AWS::IAM::Role')).map((r: any) => r.Properties.Policies)).toEqual([undefined]);
  return { statements: accountWideStatements(template), apart: rolePolicyStatements(template, 'ModelRole', 'Grants') };
}

const repo = (s: cdk.Stack) => ecr.Repository.fromRepositoryName(s, 'Repo', 'inference');
const REPO_ARN = join('arn:', P, ':ecr:eu-west-1:123456789012:repository/inference');

test.each<[string, (s: cdk.Stack) => sagemaker.ModelProps, unknown[], unknown[]]>([
  ['ECR image', s => ({ containers: [{ image: sagemaker.ContainerImage.fromEcrRepository(repo(s)) }] }),
    [LOGS, METRICS, ECR_AUTH],
    [{ Effect: 'Allow', Action: PULL, Resource: REPO_ARN }]],
  ['DLC image', () => ({ containers: [{ image: sagemaker.ContainerImage.fromDlc('pytorch-inference', '2.1') }] }),
    [LOGS, METRICS, ECR_AUTH],
    [{ Effect: 'Allow', Action: PULL, Resource: join('arn:', P, ':ecr:eu-west-1:763104351884:repository/pytorch-inference') }]],
  ['asset image and asset data', () => ({
    containers: [{ image: sagemaker.ContainerImage.fromAsset(fixture('image')), modelData: sagemaker.ModelData.fromAsset(fixture('weights.txt')) }],
  }),
  [LOGS, METRICS, ECR_AUTH],
  [
    { Effect: 'Allow', Action: PULL, Resource: join('arn:', P, ':ecr:eu-west-1:123456789012:repository/cdk-hnb659fds-container-assets-123456789012-eu-west-1') },
    { Effect: 'Allow', Action: 's3:GetObject', Resource: join('arn:', P, expect.stringMatching(/^:s3:::cdk-hnb659fds-assets-123456789012-eu-west-1\/[0-9a-f]{64}\.txt$/)) },
  ]],
  ['S3 object in a KMS-encrypted bucket', s => ({
    containers: [{
      image: sagemaker.ContainerImage.fromEcrRepository(repo(s)),
      modelData: sagemaker.ModelData.fromBucket(s3.Bucket.fromBucketAttributes(s, 'B', {
        bucketName: 'artifacts', encryptionKey: kms.Key.fromKeyArn(s, 'K', 'arn:aws:kms:eu-west-1:123456789012:key/abc'),
      }), 'm/model.tar.gz'),
    }],
  }),
  [LOGS, METRICS, ECR_AUTH],
  [
    { Effect: 'Allow', Action: PULL, Resource: REPO_ARN },
    { Effect: 'Allow', Action: 's3:GetObject', Resource: join('arn:', P, ':s3:::artifacts/m/model.tar.gz') },
    { Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:eu-west-1:123456789012:key/abc' },
  ]],
  ['S3 prefix', s => ({
    containers: [{
      image: sagemaker.ContainerImage.fromEcrRepository(repo(s)),
      modelData: sagemaker.ModelData.fromBucket(s3.Bucket.fromBucketName(s, 'B', 'artifacts'), 'llm/',
        { s3DataType: sagemaker.S3DataType.S3_PREFIX, compressionType: sagemaker.CompressionType.NONE }),
    }],
  }),
  [LOGS, METRICS, ECR_AUTH,
    { Effect: 'Allow', Action: 's3:GetObject', Resource: join('arn:', P, ':s3:::artifacts/llm/*') },
    { Effect: 'Allow', Action: 's3:ListBucket', Resource: join('arn:', P, ':s3:::artifacts'), Condition: { StringLike: { 's3:prefix': ['llm/*'] } } }],
  [{ Effect: 'Allow', Action: PULL, Resource: REPO_ARN }]],
  ['private registry in a VPC', s => ({
    vpc: ec2.Vpc.fromVpcAttributes(s, 'Vpc', { vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['eu-west-1a'], privateSubnetIds: ['subnet-0123456789abcdef0'] }),
    containers: [{
      image: sagemaker.ContainerImage.fromRegistry('registry.example.com/m:1', {
        credentialsProvider: lambda.Function.fromFunctionArn(s, 'F', 'arn:aws:lambda:eu-west-1:123456789012:function:creds'),
      }),
    }],
  }),
  [LOGS, METRICS, expect.objectContaining({ Sid: 'VpcNetworkInterfaces', Resource: '*' })],
  [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: 'arn:aws:lambda:eu-west-1:123456789012:function:creds' }]],
])('%s', (_name, props, accountWide, grants) => {
  const s = stack();
  new sagemaker.Model(s, 'Model', props(s));
  const policies = rolePolicies(s);
  // one policy: the account-wide statements, then the one-ARN grants
  expect(policies.statements).toEqual([...accountWide, ...grants]);
  expect(policies.apart).toEqual([]);
});

test('grantInvoke and grantStartPipelineExecution: one action set on one ARN', () => {
  const s = stack();
  const model = sagemaker.Model.fromModelName(s, 'M', 'm');
  const config = new sagemaker.EndpointConfig(s, 'Config', { instanceProductionVariants: [{ variantName: 'a', model }] });
  const endpoint = new sagemaker.Endpoint(s, 'Endpoint', { endpointConfig: config });
  const caller = new iam.Role(s, 'Caller', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  endpoint.grantInvoke(caller);
  sagemaker.Pipeline.fromPipelineName(s, 'P', 'train').grantStartPipelineExecution(caller);
  const statements = Object.values(Template.fromStack(s).findResources('AWS::IAM::Policy'))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
  expect(statements).toEqual([
    { Effect: 'Allow', Action: ['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointWithResponseStream'], Resource: { Ref: 'Endpoint8024A810' } },
    { Effect: 'Allow', Action: 'sagemaker:StartPipelineExecution', Resource: join('arn:', P, ':sagemaker:eu-west-1:123456789012:pipeline/train') },
  ]);
});

describe('every policy document the library writes fits IAM', () => {
  /** A document's size as IAM stores it, at worst: no whitespace, each token an ARN of 150 characters. */
  const worstCase = (s: cdk.Stack, document: unknown) => JSON.stringify(s.resolve(document), (_key, value) =>
    value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1
      && (Object.keys(value)[0] === 'Ref' || Object.keys(value)[0].startsWith('Fn::')) ? 'a'.repeat(150) : value).length;

  /** A model hosted by `configs` configurations that each capture data to a prefix of their own. */
  function widelyHosted(configs: number): { s: cdk.Stack; model: sagemaker.Model } {
    const s = stack();
    const model = new sagemaker.Model(s, 'Model', {
      containers: [{ image: sagemaker.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(s, 'Repo', 'churn')) }],
    });
    const bucket = new s3.Bucket(s, 'Capture');
    for (let i = 0; i < configs; i++) {
      new sagemaker.EndpointConfig(s, `Config${i}`, {
        instanceProductionVariants: [{ variantName: 'main', model }],
        dataCapture: { destinationBucket: bucket, destinationPrefix: `capture/config-${i}` },
      });
    }
    return { s, model };
  }

  test('60 data-capturing configurations: the policy is split, each document under 6,144 characters with tokens at 150', () => {
    const { s } = widelyHosted(60);
    const template = Template.fromStack(s);
    const policies = Object.entries(template.findResources('AWS::IAM::ManagedPolicy'));
    const accountWide = policies.filter(([id]) => /^ModelRolePolicy\d*[0-9A-F]{8}$/.test(id));
    expect(accountWide.length).toBeGreaterThan(1);
    for (const [, policy] of policies) {
      expect(worstCase(s, policy.Properties.PolicyDocument)).toBeLessThanOrEqual(6144);
    }
    // every write destination is still granted, once
    const puts = accountWide.flatMap(([, p]) => p.Properties.PolicyDocument.Statement).filter((st: any) => st.Action === 's3:PutObject');
    expect(puts).toHaveLength(60);
    // each policy acknowledges for cdk-nag exactly the wildcards it holds
    for (const [id] of accountWide) {
      const cfn = s.node.findChild('Model').node.findChild('Role').node.children
        .find(c => c.node.defaultChild && s.getLogicalId(c.node.defaultChild as cdk.CfnElement) === id)!.node.defaultChild!;
      const acknowledged = cfn.node.metadata.filter(m => m.type === cdk.Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap(m => Object.keys(m.data as object));
      const held = template.toJSON().Resources[id].Properties.PolicyDocument.Statement
        .filter((st: any) => st.Action === 's3:PutObject').length;
      expect(acknowledged.filter(a => a.includes('capture/config-')).length).toBe(held);
    }
    Annotations.fromStack(s).hasNoWarning('*', Match.stringLikeRegexp('managedPolicies'));
  });

  test('more than 10 policies on one role is a warning naming IAM\'s quota', () => {
    const { s } = widelyHosted(400);
    Template.fromStack(s);
    const warnings = Annotations.fromStack(s).findWarning('/S/Model/Role', Match.stringLikeRegexp('executionRole.managedPolicies.count'));
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0].entry.data)).toMatch(/^the execution role needs \d+ customer-managed policies for its statements \(each at most 6,144 characters\), more than the 10 IAM attaches to one role by default/);
  });
});
