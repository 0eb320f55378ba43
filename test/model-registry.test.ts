import * as cdk from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sagemaker from '../src';
import { agnosticStack, envStack, errorMessage, statements } from './util';

const ACCOUNT = '123456789012';
const arn = (resource: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:sagemaker:us-west-2:${ACCOUNT}:${resource}`]] });

/** A group with a generated name, and its name as synthesized. */
function groupOf(stack: cdk.Stack, props: sagemaker.ModelPackageGroupProps = {}): { group: sagemaker.ModelPackageGroup; name: string } {
  const group = new sagemaker.ModelPackageGroup(stack, 'Group', props);
  return { group, name: stack.resolve(group.modelPackageGroupName) };
}

/** A version registered in the app, from an ECR repository and an object of a bucket (both in the app). */
function register(stack: cdk.Stack, group: sagemaker.IModelPackageGroup, props: Partial<sagemaker.ModelPackageProps> = {}) {
  const repository = new ecr.Repository(stack, 'Repository');
  const bucket = new s3.Bucket(stack, 'Bucket', { encryptionKey: new kms.Key(stack, 'Key') });
  return new sagemaker.ModelPackage(stack, 'V1', {
    modelPackageGroup: group,
    containers: [{
      image: sagemaker.ContainerImage.fromEcrRepository(repository, '1.0.0'),
      modelData: sagemaker.ModelData.fromBucket(bucket, 'fraud/1.0.0/model.tar.gz'),
      environment: { SAGEMAKER_PROGRAM: 'inference.py' },
    }],
    ...props,
  });
}

describe('ModelPackageGroup', () => {
  test('a generated lower-case name (CloudFormation requires one), retained by default, and the name and ARN attributes', () => {
    const { stack } = envStack();
    const { group, name } = groupOf(stack);
    expect(name).toMatch(/^teststack-group-[0-9a-f]{8}$/);
    const template = Template.fromStack(stack);
    template.hasResource('AWS::SageMaker::ModelPackageGroup', {
      Properties: { ModelPackageGroupName: name },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    expect(stack.resolve(group.modelPackageGroupArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Group/), 'ModelPackageGroupArn'] });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('a given name and description render, with the warning that CloudFormation cannot change them in place', () => {
    const { stack } = envStack();
    const { name } = groupOf(stack, { modelPackageGroupName: 'fraud-models', description: 'Fraud detection', removalPolicy: cdk.RemovalPolicy.DESTROY });
    expect(name).toBe('fraud-models');
    Template.fromStack(stack).hasResource('AWS::SageMaker::ModelPackageGroup', {
      Properties: { ModelPackageGroupName: 'fraud-models', ModelPackageGroupDescription: 'Fraud detection' },
      DeletionPolicy: 'Delete',
    });
    Annotations.fromStack(stack).hasWarning('/TestStack/Group', Match.stringLikeRegexp(
      '^modelPackageGroupName \\(model_package_group_name\\) and description cannot change without replacing the group: .*'
      + '\\[rule: modelPackageGroup.modelPackageGroupName.fixedGroupName\\]'));
  });

  test.each([
    ['bad_name', "modelPackageGroupName must be a model package group name (modelPackageGroupName (model_package_group_name): got 'bad_name'"],
    ['a'.repeat(64), '64 characters; allowed 1 to 63 characters'],
    ['-lead', "got '-lead'"],
  ])('name %s is a synth error', (bad, expected) => {
    const { stack } = envStack();
    expect(errorMessage(() => groupOf(stack, { modelPackageGroupName: bad }))).toContain(expected);
  });

  test('a description over 1024 characters is an error naming its length; a token name is not checked', () => {
    const { stack } = envStack();
    expect(errorMessage(() => groupOf(stack, { description: 'x'.repeat(1025) })))
      .toContain('description is not a valid description (description: got 1025 characters; allowed up to 1024 characters');
    const other = envStack().stack;
    const name = new cdk.CfnParameter(other, 'Name').valueAsString;
    expect(() => new sagemaker.ModelPackageGroup(other, 'Group', { modelPackageGroupName: name })).not.toThrow();
  });

  test('imports by name and by ARN; an ARN of another resource type is an error', () => {
    const { stack } = envStack();
    const byName = sagemaker.ModelPackageGroup.fromModelPackageGroupName(stack, 'ByName', 'Fraud-Models');
    expect(stack.resolve(byName.modelPackageGroupArn)).toEqual(arn('model-package-group/fraud-models'));
    const byArn = sagemaker.ModelPackageGroup.fromModelPackageGroupArn(stack, 'ByArn',
      'arn:aws:sagemaker:eu-west-1:210987654321:model-package-group/shared-models');
    expect(byArn.modelPackageGroupName).toBe('shared-models');
    expect(byArn.env).toEqual({ account: '210987654321', region: 'eu-west-1' });
    expect(errorMessage(() => sagemaker.ModelPackageGroup.fromModelPackageGroupArn(stack, 'Bad',
      'arn:aws:sagemaker:eu-west-1:210987654321:model/shared-models')))
      .toContain('modelPackageGroupArn must be the ARN of a model package group (modelPackageGroupArn (model_package_group_arn): '
        + "got 'arn:aws:sagemaker:eu-west-1:210987654321:model/shared-models'");
  });

  test('grantRead: the describe and list actions on exactly the group and its versions', () => {
    const { stack } = envStack();
    const group = sagemaker.ModelPackageGroup.fromModelPackageGroupName(stack, 'Group', 'fraud-models');
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    group.grantRead(role);
    expect(statements(Template.fromStack(stack))).toEqual([{
      Action: ['sagemaker:DescribeModelPackageGroup', 'sagemaker:ListModelPackages', 'sagemaker:DescribeModelPackage'],
      Effect: 'Allow',
      Resource: [arn('model-package-group/fraud-models'), arn('model-package/fraud-models/*')],
    }]);
  });

  test('grantDeploy to another account: the group\'s resource policy, without referencing the group itself', () => {
    const { stack } = envStack();
    const { group, name } = groupOf(stack);
    group.grantDeploy(new iam.AccountPrincipal('210987654321'));
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::ModelPackageGroup', {
      ModelPackageGroupPolicy: {
        Version: '2012-10-17',
        Statement: [{
          Action: ['sagemaker:DescribeModelPackageGroup', 'sagemaker:ListModelPackages', 'sagemaker:DescribeModelPackage'],
          Effect: 'Allow',
          Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::210987654321:root']] } },
          Resource: [arn(`model-package-group/${name}`), arn(`model-package/${name}/*`)],
        }],
      },
    });
  });

  test('grantDeploy also lets that account pull the images and read the data of versions registered in the app', () => {
    const { stack } = envStack();
    const { group } = groupOf(stack);
    register(stack, group);
    group.grantDeploy(new iam.AccountPrincipal('210987654321'));
    const template = Template.fromStack(stack);
    const other = { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::210987654321:root']] } };
    template.hasResourceProperties('AWS::ECR::Repository', {
      RepositoryPolicyText: { Statement: [Match.objectLike({ Principal: other, Action: Match.arrayWith(['ecr:BatchGetImage']) })] },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: other,
          Action: 's3:GetObject',
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Bucket'), 'Arn'] }, '/fraud/1.0.0/model.tar.gz']] },
        })]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: other, Action: 'kms:Decrypt' })]) },
    });
  });

  test('grantDeploy on an imported group adds nothing to a policy it cannot change (the principal\'s own policy only)', () => {
    const { stack } = envStack();
    const group = sagemaker.ModelPackageGroup.fromModelPackageGroupName(stack, 'Group', 'fraud-models');
    const role = new iam.Role(stack, 'Deployer', { assumedBy: new iam.AccountRootPrincipal() });
    const grant = group.grantDeploy(role);
    expect(grant.success).toBe(true);
    expect(statements(Template.fromStack(stack))).toHaveLength(1);
  });

  test('onApprovalStateChange: an EventBridge rule for the state changes of this group\'s versions, with its target', () => {
    const { stack } = envStack();
    const { group, name } = groupOf(stack);
    const topic = new sns.Topic(stack, 'Topic');
    const rule = group.onApprovalStateChange('Approvals', {
      target: new targets.SnsTopic(topic),
      eventPattern: { detail: { ModelApprovalStatus: ['Approved'] } },
    });
    expect(rule.node.path).toBe('TestStack/Group/Approvals');
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.sagemaker'],
        'detail-type': ['SageMaker Model Package State Change'],
        'detail': { ModelApprovalStatus: ['Approved'], ModelPackageGroupName: [name] },
      },
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^Topic') } })],
    });
  });
});

describe('ModelPackage versions', () => {
  test('fromVersion: the versioned ARN in the group\'s account and region', () => {
    const { stack } = envStack();
    const group = sagemaker.ModelPackageGroup.fromModelPackageGroupArn(stack, 'Group',
      'arn:aws:sagemaker:eu-west-1:210987654321:model-package-group/Shared-Models');
    const version = sagemaker.ModelPackage.fromVersion(group, 3);
    expect(stack.resolve(version.modelPackageArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:eu-west-1:210987654321:model-package/shared-models/3']],
    });
    expect(version.modelPackageName).toBe('Shared-Models');
  });

  test.each([0, -1, 1.5, 1_000_000_000])('fromVersion(%s) is an error', (bad) => {
    const { stack } = envStack();
    const group = sagemaker.ModelPackageGroup.fromModelPackageGroupName(stack, 'Group', 'fraud');
    expect(errorMessage(() => sagemaker.ModelPackage.fromVersion(group, bad)))
      .toContain(`version must be a version number of the group (version: got ${bad}; allowed a whole number from 1 to 999999999)`);
  });

  test('a model serving a version: the model package ARN, and exactly the sources named granted to its role', () => {
    const { stack } = envStack();
    const group = sagemaker.ModelPackageGroup.fromModelPackageGroupName(stack, 'Group', 'fraud');
    const repository = ecr.Repository.fromRepositoryName(stack, 'Repo', 'fraud-model');
    const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'ml-artifacts');
    const version = sagemaker.ModelPackage.fromVersion(group, 2, {
      images: [sagemaker.ContainerImage.fromEcrRepository(repository, '1.0.0')],
      modelData: [sagemaker.ModelData.fromBucket(bucket, 'models/fraud/2/model.tar.gz')],
    });
    new sagemaker.Model(stack, 'Model', { containers: [{ modelPackage: version }] });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SageMaker::Model', { PrimaryContainer: { ModelPackageName: arn('model-package/fraud/2') } });
    const all = statements(template);
    expect(all).toContainEqual(expect.objectContaining({
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ecr:us-west-2:${ACCOUNT}:repository/fraud-model`]] },
    }));
    expect(all).toContainEqual(expect.objectContaining({
      Action: 's3:GetObject',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::ml-artifacts/models/fraud/2/model.tar.gz']] },
    }));
  });
});

describe('ModelPackage.latestApproved', () => {
  function lookup(refreshToken?: string) {
    const { stack } = envStack();
    const { group, name } = groupOf(stack);
    const latest = sagemaker.ModelPackage.latestApproved(stack, 'Latest', { modelPackageGroup: group, refreshToken });
    new sagemaker.Model(stack, 'Model', { containers: [{ modelPackage: latest }] });
    return { stack, group, name, latest };
  }

  test('a custom resource asks for the group\'s newest approved version; the model uses its answer', () => {
    const { stack, name, latest } = lookup('build-1');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('Custom::SageMakerLatestApprovedModelPackage', {
      ServiceToken: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SageMakerLatestApprovedLookupFunction'), 'Arn'] },
      ModelPackageGroupName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Group'), 'ModelPackageGroupArn'] },
      Refresh: 'build-1',
    });
    template.hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: { ModelPackageName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Latest'), 'ModelPackageArn'] } },
    });
    expect(stack.resolve(latest.modelPackageName)).toBe(name);
    template.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x', Handler: 'index.handler', Timeout: 60 });
  });

  test('the function\'s role may list the versions of the groups looked up and write its own log group, nothing else', () => {
    const { stack, name } = lookup('build-1');
    const other = sagemaker.ModelPackageGroup.fromModelPackageGroupName(stack, 'Other', 'other-models');
    sagemaker.ModelPackage.latestApproved(stack, 'LatestOther', { modelPackageGroup: other, refreshToken: 'x' });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    const roles = template.findResources('AWS::IAM::Role', {
      Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] } },
    });
    expect(Object.values(roles)).toHaveLength(1);
    expect(Object.values(roles)[0].Properties.ManagedPolicyArns).toBeUndefined();
    expect(Object.values(roles)[0].Properties.Policies).toBeUndefined();
    const [policy] = Object.values(template.findResources('AWS::IAM::ManagedPolicy', {
      Properties: { Roles: [{ Ref: Object.keys(roles)[0] }] },
    }));
    const [logs, own, theOther] = policy.Properties.PolicyDocument.Statement;
    expect(logs).toEqual({
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^SageMakerLatestApprovedLookupLogs/), 'Arn'] },
    });
    expect(own).toEqual({ Action: 'sagemaker:ListModelPackages', Effect: 'Allow', Resource: [arn(`model-package-group/${name}`), arn(`model-package/${name}/*`)] });
    expect(theOther).toEqual({ Action: 'sagemaker:ListModelPackages', Effect: 'Allow', Resource: [arn('model-package-group/other-models'), arn('model-package/other-models/*')] });
    expect(policy.Properties.PolicyDocument.Statement).toHaveLength(3);
  });

  test('without a refresh token the lookup runs on every deploy: the property is new on every synth', () => {
    const first = Template.fromStack(lookup(undefined).stack).findResources('Custom::SageMakerLatestApprovedModelPackage');
    const refresh = (Object.values(first)[0] as any).Properties.Refresh;
    expect(refresh).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  test('the lookup runs after the versions registered in the app in its group', () => {
    const { stack } = envStack();
    const { group } = groupOf(stack);
    sagemaker.ModelPackage.latestApproved(stack, 'Latest', { modelPackageGroup: group, refreshToken: 'x' });
    register(stack, group, { approvalStatus: sagemaker.ModelApprovalStatus.APPROVED });
    const [lookupResource] = Object.values(Template.fromStack(stack).findResources('Custom::SageMakerLatestApprovedModelPackage'));
    expect(lookupResource.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^V1ModelPackage/)]));
  });

  test('the handler ships beside lib/ and src/ (handlers/latest-approved/index.js) and exports its logic', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const handler = require('../handlers/latest-approved/index.js');
    expect(Object.keys(handler).sort()).toEqual(['handler', 'latestApproved']);
  });

  test('the handler asks for approved versions, newest first, and fails with the group named when there is none', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { latestApproved } = require('../handlers/latest-approved/index.js');
    const sent: any[] = [];
    class ListModelPackagesCommand { constructor(readonly input: any) {} }
    const pages = [{ ModelPackageSummaryList: [], NextToken: 't' }, { ModelPackageSummaryList: [{ ModelPackageArn: 'arn:v7', ModelPackageVersion: 7 }] }];
    const client = { send: async (command: any) => { sent.push(command.input); return pages.shift(); } };
    await expect(latestApproved(client, { ListModelPackagesCommand }, 'arn:group')).resolves
      .toEqual({ ModelPackageArn: 'arn:v7', ModelPackageVersion: '7' });
    expect(sent[0]).toEqual({ ModelPackageGroupName: 'arn:group', ModelApprovalStatus: 'Approved', SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: 1, NextToken: undefined });
    expect(sent[1].NextToken).toBe('t');
    const empty = { send: async () => ({ ModelPackageSummaryList: [] }) };
    await expect(latestApproved(empty, { ListModelPackagesCommand }, 'arn:group')).rejects
      .toThrow('Model package group arn:group has no approved version, so ModelPackage.latestApproved() has nothing to deploy');
  });
});

describe('ModelPackage registered in the app', () => {
  test('renders the inference specification from the containers a Model takes, with JSON content types by default', () => {
    const { stack } = envStack();
    const { group, name } = groupOf(stack);
    const pkg = register(stack, group, {
      supportedRealtimeInferenceInstanceTypes: [sagemaker.InstanceType.M5_LARGE, sagemaker.InstanceType.G5_XLARGE],
      approvalStatus: sagemaker.ModelApprovalStatus.APPROVED,
      description: 'Baseline',
    });
    const template = Template.fromStack(stack);
    template.hasResource('AWS::SageMaker::ModelPackage', {
      Properties: {
        ModelPackageGroupName: name,
        ModelPackageDescription: 'Baseline',
        ModelApprovalStatus: 'Approved',
        InferenceSpecification: {
          Containers: [{
            Image: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
            ModelDataUrl: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
            Environment: { SAGEMAKER_PROGRAM: 'inference.py' },
          }],
          SupportedContentTypes: ['application/json'],
          SupportedResponseMIMETypes: ['application/json'],
          SupportedRealtimeInferenceInstanceTypes: ['ml.m5.large', 'ml.g5.xlarge'],
        },
      },
      DependsOn: [Match.stringLikeRegexp('^Group')],
    });
    expect(stack.resolve(pkg.modelPackageArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^V1ModelPackage/), 'ModelPackageArn'] });
    expect(sagemaker.ModelPackage.isModelPackage(pkg)).toBe(true);
    // registering grants nothing: no role exists, no policy changes
    expect(statements(template)).toEqual([]);
    expect(template.findResources('AWS::S3::BucketPolicy')).toEqual({});
  });

  test('a model serving it is granted exactly its image and object; a variant outside its instance types fails at synth', () => {
    const { stack } = envStack();
    const { group } = groupOf(stack);
    const pkg = register(stack, group, {
      supportedRealtimeInferenceInstanceTypes: [sagemaker.InstanceType.M5_LARGE, sagemaker.InstanceType.M5_XLARGE],
    });
    const model = new sagemaker.Model(stack, 'Model', { containers: [{ modelPackage: pkg }] });
    new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ model, variantName: 'AllTraffic', instanceType: sagemaker.InstanceType.C5_LARGE }],
    });
    expect(errorMessage(() => Template.fromStack(stack))).toContain("[TestStack/Config] variant 'AllTraffic': model package "
      + "'TestStack/V1' (containers[0].modelPackage) does not support instance type 'ml.c5.large' (variant 'AllTraffic' "
      + "instanceType (instance_type): got 'ml.c5.large'; allowed 'ml.m5.large', 'ml.m5.xlarge' (its "
      + 'supportedRealtimeInferenceInstanceTypes)) [rule: modelPackage.supportedRealtimeInferenceInstanceTypes.variant]');
  });

  test('a variant on a supported instance type synthesizes; the role pulls the repository and reads the object', () => {
    const { stack } = envStack();
    const { group } = groupOf(stack);
    const pkg = register(stack, group, { supportedRealtimeInferenceInstanceTypes: [sagemaker.InstanceType.M5_LARGE] });
    const model = new sagemaker.Model(stack, 'Model', { containers: [{ modelPackage: pkg }] });
    new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ model, variantName: 'AllTraffic', instanceType: sagemaker.InstanceType.M5_LARGE }],
    });
    const all = statements(Template.fromStack(stack));
    expect(all).toContainEqual(expect.objectContaining({
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Repository/), 'Arn'] },
    }));
    expect(all).toContainEqual(expect.objectContaining({
      Action: 's3:GetObject',
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^Bucket/), 'Arn'] }, '/fraud/1.0.0/model.tar.gz']] },
    }));
    expect(all).toContainEqual(expect.objectContaining({ Action: 'kms:Decrypt' }));
  });

  test.each([
    ['no container', { containers: [] }, 'containers must have between 1 and 15 items (containers: got 0 items; allowed 1 to 15) [rule: modelPackage.containers.count]'],
    ['a container without an image', { containers: [{ environment: { A: 'b' } }] },
      'containers[0] of a model package must be an image (containers[0].image: got none; allowed an image (and its model data); a package cannot contain another package)'],
    ['a multi-model container', { containers: [{ image: sagemaker.ContainerImage.fromRegistry('r/i:1'), mode: sagemaker.ContainerMode.MULTI_MODEL }] },
      'containers[0] of a model package cannot be a multi-model container (containers[0].mode: got MultiModel'],
    ['no content type', { supportedContentTypes: [] },
      'supportedContentTypes must name at least one MIME type (supportedContentTypes (supported_content_types): got an empty list'],
    ['no instance type', { supportedRealtimeInferenceInstanceTypes: [] },
      'supportedRealtimeInferenceInstanceTypes must name at least one instance type'],
  ])('%s is a synth error', (_what, props, expected) => {
    const { stack } = envStack();
    const group = sagemaker.ModelPackageGroup.fromModelPackageGroupName(stack, 'Group', 'fraud');
    expect(errorMessage(() => new sagemaker.ModelPackage(stack, 'V', {
      modelPackageGroup: group,
      containers: [{ image: sagemaker.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(stack, 'R', 'r')) }],
      ...props,
    } as sagemaker.ModelPackageProps))).toContain(expected);
  });

  test('an image of a private registry is an error (a package\'s image is in Amazon ECR)', () => {
    const { stack } = envStack();
    const group = sagemaker.ModelPackageGroup.fromModelPackageGroupName(stack, 'Group', 'fraud');
    expect(errorMessage(() => new sagemaker.ModelPackage(stack, 'V', {
      modelPackageGroup: group,
      containers: [{ image: sagemaker.ContainerImage.fromRegistry('registry.example.com/model:1') }],
    }))).toContain('containers[0] of a model package cannot pull from a private registry');
  });

  test('in an environment-agnostic stack: names and ARNs are tokens, nothing is checked that is not known', () => {
    const { stack } = agnosticStack();
    const { group } = groupOf(stack);
    const version = sagemaker.ModelPackage.fromVersion(group, new cdk.CfnParameter(stack, 'Version', { type: 'Number' }).valueAsNumber);
    new sagemaker.Model(stack, 'Model', { containers: [{ modelPackage: version }] });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: { ModelPackageName: { 'Fn::Join': ['', Match.arrayWith([{ Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }])] } },
    });
  });
});
