import * as cdk from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sagemaker from '../src';

/*
 * A repository or bucket in another account: the role's own policy is not enough, the resource's
 * policy must allow the role too (added for resources of the app, warned about for imported ones).
 */
const OWNER = { account: '111111111111', region: 'eu-west-1' };
const HOSTING = { account: '222222222222', region: 'eu-west-1' };

function stacks() {
  const app = new cdk.App();
  const owner = new cdk.Stack(app, 'Owner', { env: OWNER });
  const hosting = new cdk.Stack(app, 'Hosting', { env: HOSTING });
  return { owner, hosting };
}

/** The role ARN the owner's policies name: the created role gets a generated name for it. */
const roleArn = (name: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::222222222222:role/${name}`]],
});

function roleName(hosting: cdk.Stack): string {
  const roles = Template.fromStack(hosting).findResources('AWS::IAM::Role');
  const [role] = Object.values(roles);
  return role.Properties.RoleName;
}

describe('cross-account grants', () => {
  test('a repository of another account defined in the app gets the pull statement in its policy', () => {
    const { owner, hosting } = stacks();
    const repository = new ecr.Repository(owner, 'Repo', { repositoryName: 'models' });
    new sagemaker.Model(hosting, 'Model', { containers: [{ image: sagemaker.ContainerImage.fromEcrRepository(repository, 'v1') }] });

    const name = roleName(hosting);
    expect(name).toMatch(/^hosting/);
    Template.fromStack(owner).hasResourceProperties('AWS::ECR::Repository', {
      RepositoryPolicyText: {
        Statement: [{
          Effect: 'Allow',
          Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
          Principal: { AWS: roleArn(name) },
        }],
        Version: '2012-10-17',
      },
    });
    // The identity side stays one repository.
    Template.fromStack(hosting).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecr:eu-west-1:111111111111:repository/models']] },
        })]),
      },
    });
    Annotations.fromStack(hosting).hasNoWarning('*', Match.stringLikeRegexp('crossAccountResourcePolicy'));
  });

  test('a bucket of another account defined in the app gets the object read in its bucket policy', () => {
    const { owner, hosting } = stacks();
    const bucket = new s3.Bucket(owner, 'Bucket', { bucketName: 'owner-models' });
    new sagemaker.Model(hosting, 'Model', {
      containers: [{ image: sagemaker.ContainerImage.fromDlc('pytorch-inference', '2.1'), modelData: sagemaker.ModelData.fromBucket(bucket, 'm/model.tar.gz') }],
    });
    const name = roleName(hosting);
    Template.fromStack(owner).hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Effect: 'Allow',
          Action: 's3:GetObject',
          Principal: { AWS: roleArn(name) },
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Bucket83908E77', 'Arn'] }, '/m/model.tar.gz']] },
        }]),
      },
    });
  });

  test('a prefix keeps its list condition in the bucket policy', () => {
    const { owner, hosting } = stacks();
    const bucket = new s3.Bucket(owner, 'Bucket', { bucketName: 'owner-models' });
    new sagemaker.Model(hosting, 'Model', {
      containers: [{
        image: sagemaker.ContainerImage.fromDlc('pytorch-inference', '2.1'),
        mode: sagemaker.ContainerMode.MULTI_MODEL,
        modelData: sagemaker.ModelData.fromBucket(bucket, 'models/', { s3DataType: sagemaker.S3DataType.S3_PREFIX }),
      }],
    });
    const name = roleName(hosting);
    Template.fromStack(owner).hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: 's3:GetObject',
            Principal: { AWS: roleArn(name) },
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Bucket83908E77', 'Arn'] }, '/models/*']] },
          },
          {
            Effect: 'Allow',
            Action: 's3:ListBucket',
            Principal: { AWS: roleArn(name) },
            Resource: { 'Fn::GetAtt': ['Bucket83908E77', 'Arn'] },
            Condition: { StringLike: { 's3:prefix': ['models/*'] } },
          },
        ]),
      },
    });
  });

  test('an imported repository or bucket of another account is a warning naming the statement its owner must add', () => {
    const hosting = new cdk.Stack(new cdk.App(), 'Hosting', { env: HOSTING });
    const repository = ecr.Repository.fromRepositoryArn(hosting, 'Repo', 'arn:aws:ecr:eu-west-1:111111111111:repository/models');
    const bucket = s3.Bucket.fromBucketAttributes(hosting, 'Bucket', { bucketName: 'owner-models', account: '111111111111' });
    new sagemaker.Model(hosting, 'Model', {
      containers: [{ image: sagemaker.ContainerImage.fromEcrRepository(repository), modelData: sagemaker.ModelData.fromBucket(bucket, 'model.tar.gz') }],
    });
    const annotations = Annotations.fromStack(hosting);
    annotations.hasWarning('/Hosting/Model', Match.stringLikeRegexp(
      "repository 'Hosting/Repo' is in account 111111111111 and is not defined in this app.*ecr:BatchGetImage.*cdk-sagemaker-hosting:crossAccountResourcePolicy"));
    annotations.hasWarning('/Hosting/Model', Match.stringLikeRegexp(
      "bucket 'Hosting/Bucket' is in account 111111111111 .*granted s3:GetObject in its own policy only"));
  });

  test('the same account, or an environment-agnostic stack beside an ARN of a known account, adds nothing to the resource', () => {
    for (const env of [HOSTING, undefined]) {
      // In an environment-agnostic stack, the ARN's account may be the stack's: no warning.
      const account = env ? HOSTING.account : '111111111111';
      const app = new cdk.App();
      const stack = new cdk.Stack(app, 'S', { env });
      const repository = new ecr.Repository(stack, 'Repo');
      const bucket = new s3.Bucket(stack, 'Bucket');
      const imported = ecr.Repository.fromRepositoryArn(stack, 'Imported', `arn:aws:ecr:eu-west-1:${account}:repository/models`);
      new sagemaker.Model(stack, 'Model', {
        containers: [
          { image: sagemaker.ContainerImage.fromEcrRepository(repository), modelData: sagemaker.ModelData.fromBucket(bucket, 'model.tar.gz') },
          { image: sagemaker.ContainerImage.fromEcrRepository(imported) },
        ],
      });
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::S3::BucketPolicy', 0);
      template.hasResourceProperties('AWS::ECR::Repository', { RepositoryPolicyText: Match.absent() });
      template.hasResourceProperties('AWS::IAM::Role', { RoleName: Match.absent() });
      Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('crossAccountResourcePolicy'));
    }
  });
});
