import * as fs from 'fs';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sagemaker from '../src';
import { agnosticStack, envStack, fixture, statements } from './util';
import { md5hex } from '../src/private/md5';

describe('ContainerImage.fromEcrRepository', () => {
  test('defaults to the latest tag and grants pull on exactly that repository', () => {
    const { stack } = envStack();
    const repo = ecr.Repository.fromRepositoryName(stack, 'Repo', 'my-model');
    new sagemaker.Model(stack, 'Model', { containers: [{ image: sagemaker.ContainerImage.fromEcrRepository(repo) }] });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: {
        Image: { 'Fn::Join': ['', ['123456789012.dkr.ecr.us-west-2.', { Ref: 'AWS::URLSuffix' }, '/my-model:latest']] },
      },
    });
    expect(statements(template)).toContainEqual({
      Effect: 'Allow',
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecr:us-west-2:123456789012:repository/my-model']] },
    });
  });

  test('a sha256 digest renders repo@digest', () => {
    const { stack } = envStack();
    const repo = ecr.Repository.fromRepositoryName(stack, 'Repo', 'my-model');
    const digest = 'sha256:' + 'a'.repeat(64);
    new sagemaker.Model(stack, 'Model', { containers: [{ image: sagemaker.ContainerImage.fromEcrRepository(repo, digest) }] });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: {
        Image: { 'Fn::Join': ['', ['123456789012.dkr.ecr.us-west-2.', { Ref: 'AWS::URLSuffix' }, `/my-model@${digest}`]] },
      },
    });
  });
});

describe('image tags, digests and DLC names', () => {
  const model = (stack: cdk.Stack, image: sagemaker.ContainerImage) => new sagemaker.Model(stack, 'Model', { containers: [{ image }] });

  test.each([
    ['v 1', "ContainerImage.fromEcrRepository tag is not an image tag (tag: got 'v 1'; allowed letters, digits, '_', '.' and '-', not starting with '.' or '-', or a digest sha256:<64 hexadecimal digits>)"],
    ['-rc', "(tag: got '-rc'; allowed letters, digits, '_', '.' and '-', not starting with '.' or '-'"],
    ['', "(tag: got ''; allowed"],
    ['sha256:abc', "ContainerImage.fromEcrRepository digest is not a SHA-256 digest (digest: got 'sha256:abc'; allowed sha256: followed by 64 lowercase hexadecimal digits)"],
  ])('fromEcrRepository(repo, %j) is rejected', (tag, message) => {
    const { stack } = envStack();
    const repo = ecr.Repository.fromRepositoryName(stack, 'Repo', 'my-model');
    expect(() => model(stack, sagemaker.ContainerImage.fromEcrRepository(repo, tag))).toThrow(message);
  });

  test('fromDlc tags follow the same grammar, without digests', () => {
    const { stack } = envStack();
    expect(() => model(stack, sagemaker.ContainerImage.fromDlc('pytorch-inference', 'sha256:' + 'a'.repeat(64))))
      .toThrow("TestStack/Model: ContainerImage.fromDlc tag is not an image tag (tag: got 'sha256:");
  });

  test('a DLC repository name or account that cannot exist is a warning (the alpha tests use such names)', () => {
    const { stack } = envStack();
    model(stack, sagemaker.ContainerImage.fromDlc('anyRepositoryName', 'anyTag', 'anyAwsAccount'));
    const annotations = Annotations.fromStack(stack);
    annotations.hasWarning('/TestStack/Model', Match.stringLikeRegexp(
      "ContainerImage.fromDlc\\(\\) \\(ContainerImage.from_dlc\\(\\)\\) repositoryName \\(repository_name\\) 'anyRepositoryName' is not an ECR "
      + 'repository name.*\\[rule: image.repositoryName.dlcRepositoryName\\] \\[ack: cdk-sagemaker-hosting:dlcRepositoryName\\]'));
    annotations.hasWarning('/TestStack/Model', Match.stringLikeRegexp(
      "ContainerImage.fromDlc\\(\\) \\(ContainerImage.from_dlc\\(\\)\\) accountId \\(account_id\\) 'anyAwsAccount' is not a 12-digit AWS account "
      + 'id.*\\[rule: image.accountId.dlcAccountId\\] \\[ack: cdk-sagemaker-hosting:dlcAccountId\\]'));
  });

  test('real DLC names, tags and digests raise nothing', () => {
    const { stack } = envStack();
    const repo = ecr.Repository.fromRepositoryName(stack, 'Repo', 'my-model');
    new sagemaker.Model(stack, 'Model', {
      containers: [
        { image: sagemaker.ContainerImage.fromDlc('djl-inference', '0.29.0-lmi11.0.0-cu124', '763104351884'), containerHostname: 'a' },
        { image: sagemaker.ContainerImage.fromEcrRepository(repo, '2024_11.release-1'), containerHostname: 'b' },
        { image: sagemaker.ContainerImage.fromEcrRepository(repo, 'sha256:' + '0123456789abcdef'.repeat(4)), containerHostname: 'c' },
      ],
    });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('ContainerImage'))).toEqual([]);
  });
});

describe('ContainerImage.fromDlc', () => {
  test('in a known region the DLC account is a literal and the grant names the repository', () => {
    const { stack } = envStack('eu-west-1');
    new sagemaker.Model(stack, 'Model', {
      containers: [{ image: sagemaker.ContainerImage.fromDlc('huggingface-pytorch-inference', '2.1-gpu') }],
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: {
        Image: { 'Fn::Join': ['', ['763104351884.dkr.ecr.eu-west-1.', { Ref: 'AWS::URLSuffix' }, '/huggingface-pytorch-inference:2.1-gpu']] },
      },
    });
    expect(statements(template)).toContainEqual({
      Effect: 'Allow',
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
      Resource: {
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecr:eu-west-1:763104351884:repository/huggingface-pytorch-inference']],
      },
    });
  });

  test('two DLC images in one model work (the alpha crashes on a fixed construct id)', () => {
    const { stack } = agnosticStack();
    new sagemaker.Model(stack, 'Model', {
      containers: [
        { image: sagemaker.ContainerImage.fromDlc('pytorch-inference', '2.1-cpu'), containerHostname: 'a' },
        { image: sagemaker.ContainerImage.fromDlc('tensorflow-inference', '2.14-cpu'), containerHostname: 'b' },
      ],
    });
    const template = Template.fromStack(stack);
    const model = Object.values(template.findResources('AWS::SageMaker::Model'))[0];
    const images = JSON.stringify(model.Properties.Containers.map((c: any) => c.Image));
    expect(images).toContain('/pytorch-inference:2.1-cpu');
    expect(images).toContain('/tensorflow-inference:2.14-cpu');
    expect(Object.keys(template.toJSON().Mappings)).toEqual(['DlcRepositoryAccountMap']);
  });
});

describe('ContainerImage.fromAsset', () => {
  test('keeps the alpha construct id and is created once for two containers', () => {
    const { app, stack } = envStack();
    const image = sagemaker.ContainerImage.fromAsset(fixture('image'));
    const model = new sagemaker.Model(stack, 'Model', { containers: [{ image, containerHostname: 'a' }, { image, containerHostname: 'b' }] });
    expect(model.node.tryFindChild(`ModelImage${md5hex(fixture('image'))}`)).toBeDefined();
    const assembly = app.synth();
    const manifest = JSON.parse(fs.readFileSync(path.join(assembly.directory, `${stack.stackName}.assets.json`), 'utf-8'));
    expect(Object.keys(manifest.dockerImages)).toHaveLength(1);
  });

  test('grants pull on the bootstrap container repository only', () => {
    const { stack } = envStack();
    new sagemaker.Model(stack, 'Model', { containers: [{ image: sagemaker.ContainerImage.fromAsset(fixture('image')) }] });
    const pull = statements(Template.fromStack(stack)).find(s => Array.isArray(s.Action) && s.Action.includes('ecr:BatchGetImage'));
    expect(pull.Resource).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' },
        ':ecr:us-west-2:123456789012:repository/cdk-hnb659fds-container-assets-123456789012-us-west-2']],
    });
  });

  test('one image used in two stacks is a clear error', () => {
    const app = new cdk.App();
    const s1 = new cdk.Stack(app, 'One');
    const s2 = new cdk.Stack(app, 'Two');
    const image = sagemaker.ContainerImage.fromAsset(fixture('image'));
    new sagemaker.Model(s1, 'Model', { containers: [{ image }] });
    expect(() => new sagemaker.Model(s2, 'Model', { containers: [{ image }] }))
      .toThrow(/Two\/Model: ContainerImage.fromAsset\('.*image'\) is already used by a model in stack 'One'; an asset image can only be used within one stack/);
  });
});

describe('ContainerImage.fromRegistry', () => {
  test('a credentials provider renders RepositoryAuthConfig and may be invoked by the role only', () => {
    const { stack } = envStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1 });
    const fn = lambda.Function.fromFunctionArn(stack, 'Creds', 'arn:aws:lambda:us-west-2:123456789012:function:registry-creds');
    new sagemaker.Model(stack, 'Model', {
      vpc,
      containers: [{ image: sagemaker.ContainerImage.fromRegistry('registry.example.com/m:1', { credentialsProvider: fn }) }],
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: {
        ImageConfig: {
          RepositoryAccessMode: 'Vpc',
          RepositoryAuthConfig: { RepositoryCredentialsProviderArn: 'arn:aws:lambda:us-west-2:123456789012:function:registry-creds' },
        },
      },
    });
    expect(statements(template)).toContainEqual({
      Effect: 'Allow',
      Action: 'lambda:InvokeFunction',
      Resource: 'arn:aws:lambda:us-west-2:123456789012:function:registry-creds',
    });
  });

  test('an image URI with whitespace is rejected', () => {
    const { stack } = envStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1 });
    expect(() => new sagemaker.Model(stack, 'Model', {
      vpc, containers: [{ image: sagemaker.ContainerImage.fromRegistry('bad image') }],
    })).toThrow(/TestStack\/Model: ContainerImage.fromRegistry imageUri must be an image URI \(ContainerImage.fromRegistry \(from_registry\) imageUri \(image_uri\): got 'bad image', 9 characters; allowed up to 255 characters without whitespace\)/);
  });
});

test('a custom ContainerImage subclass can create constructs in the model scope', () => {
  const { stack } = envStack();
  class Custom extends sagemaker.ContainerImage {
    public bind(scope: cdk.Stack | any, _model: sagemaker.Model): sagemaker.ContainerImageConfig {
      new cdk.CfnWaitConditionHandle(scope, 'Marker');
      return { imageName: 'public.ecr.aws/x/y:1' };
    }
  }
  new sagemaker.Model(stack, 'Model', { containers: [{ image: new Custom() }] });
  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::CloudFormation::WaitConditionHandle', 1);
  template.hasResourceProperties('AWS::SageMaker::Model', { PrimaryContainer: { Image: 'public.ecr.aws/x/y:1', ImageConfig: Match.absent() } });
});

describe('fromDlc of a repository that is not a Deep Learning Container', () => {
  const model = (stack: cdk.Stack, image: sagemaker.ContainerImage, id = 'Model') => new sagemaker.Model(stack, id, { containers: [{ image }] });

  test.each(['sagemaker-scikit-learn', 'sagemaker-xgboost', 'sagemaker-sparkml-serving'])(
    '%s without accountId is an error naming the account of the stack\'s region', (repository) => {
      const { stack } = envStack('us-east-1');
      expect(() => model(stack, sagemaker.ContainerImage.fromDlc(repository, '1.2-1'))).toThrow(
        `TestStack/Model: ContainerImage.fromDlc repository '${repository}' is not in the AWS Deep Learning Containers registry: SageMaker `
        + 'hosts its own images for this framework or algorithm in other accounts, one per region, so the image rendered with the DLC '
        + 'account cannot be pulled (accountId (account_id): got unset (the Deep Learning Containers account); allowed the account that '
        + `hosts '${repository}' in the stack's region as accountId (account_id), '683313688378' in us-east-1; or `
        + 'ContainerImage.fromEcrRepository() (from_ecr_repository()) with the repository of that account) [rule: image.repositoryName.notDlc]');
    });

  test('in an environment-agnostic stack the message gives examples of the accounts', () => {
    const stack = new cdk.Stack(new cdk.App(), 'TestStack');
    expect(() => model(stack, sagemaker.ContainerImage.fromDlc('sagemaker-scikit-learn', '1.2-1')))
      .toThrow(/allowed the account that hosts 'sagemaker-scikit-learn' in the stack's region as accountId \(account_id\), '\d{12}' in [a-z0-9-]+, '\d{12}' in [a-z0-9-]+;/);
  });

  test('with the account that hosts it, it is the image of that account, and a DLC repository is not affected', () => {
    const { stack } = envStack('us-east-1');
    model(stack, sagemaker.ContainerImage.fromDlc('sagemaker-scikit-learn', '1.2-1', '683313688378'), 'Sklearn');
    model(stack, sagemaker.ContainerImage.fromDlc('djl-inference', '0.33.0-lmi15.0.0-cu128'), 'Djl');
    const images = Object.values(Template.fromStack(stack).findResources('AWS::SageMaker::Model')).map(m => m.Properties.PrimaryContainer.Image);
    expect(images).toEqual([
      { 'Fn::Join': ['', ['683313688378.dkr.ecr.us-east-1.', { Ref: 'AWS::URLSuffix' }, '/sagemaker-scikit-learn:1.2-1']] },
      { 'Fn::Join': ['', ['763104351884.dkr.ecr.us-east-1.', { Ref: 'AWS::URLSuffix' }, '/djl-inference:0.33.0-lmi15.0.0-cu128']] },
    ]);
  });

  test('a whole image URI given as the repository name is an error naming its parts', () => {
    const { stack } = envStack('us-east-1');
    expect(() => model(stack, sagemaker.ContainerImage.fromDlc('763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128', 'latest')))
      .toThrow('TestStack/Model: ContainerImage.fromDlc repositoryName is a whole image URI, not a repository name (repositoryName '
        + "(repository_name): got '763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128'; allowed the "
        + "repository name alone, 'djl-inference', with the tag '0.33.0-lmi15.0.0-cu128' as the second argument and '763104351884' as "
        + 'accountId (account_id) if it is not the Deep Learning Containers account) [rule: image.repositoryName.imageUri]');
  });
});
