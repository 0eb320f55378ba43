import * as cdk from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sagemaker from '../src';
import { accountWideStatements, actionsOf, agnosticStack, cfnLintProblems, envStack, rolePolicyStatements, statements } from './util';

function ecrImage(stack: cdk.Stack, name = 'Repo'): sagemaker.ContainerImage {
  return sagemaker.ContainerImage.fromEcrRepository(new ecr.Repository(stack, name));
}

describe('Model containers', () => {
  test('one container renders PrimaryContainer and no Containers', () => {
    // GIVEN
    const { stack } = envStack();
    // WHEN
    new sagemaker.Model(stack, 'Model', {
      containers: [{ image: ecrImage(stack), environment: { LOG_LEVEL: 'info' } }],
    });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: {
        Image: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
        Environment: { LOG_LEVEL: 'info' },
      },
      Containers: Match.absent(),
      ExecutionRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ModelRole'), 'Arn'] },
    });
  });

  test('two to fifteen containers render Containers in order', () => {
    const { stack } = envStack();
    const model = new sagemaker.Model(stack, 'Model', {
      containers: [
        { image: ecrImage(stack, 'A'), containerHostname: 'pre' },
        { image: ecrImage(stack, 'B'), containerHostname: 'infer' },
      ],
    });
    model.addContainer({ image: ecrImage(stack, 'C'), containerHostname: 'post' });

    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: Match.absent(),
      Containers: [
        Match.objectLike({ ContainerHostname: 'pre' }),
        Match.objectLike({ ContainerHostname: 'infer' }),
        Match.objectLike({ ContainerHostname: 'post' }),
      ],
    });
  });

  test('a model without containers fails at synth with the alpha text and the count', () => {
    const { stack } = envStack();
    new sagemaker.Model(stack, 'Model');
    expect(() => Template.fromStack(stack)).toThrow(
      /\[TestStack\/Model\] Must configure at least 1 container for model \(containers: got 0; allowed 1 to 15: pass 'containers' or call addContainer\(\) \(add_container\(\)\)\)/);
  });

  test('sixteen containers fail at synth, even when added after construction', () => {
    const { stack } = envStack();
    const repo = new ecr.Repository(stack, 'Repo');
    const model = new sagemaker.Model(stack, 'Model', {
      containers: [{ image: sagemaker.ContainerImage.fromEcrRepository(repo) }],
    });
    for (let i = 0; i < 15; i++) {
      model.addContainer({ image: sagemaker.ContainerImage.fromEcrRepository(repo) });
    }
    expect(() => Template.fromStack(stack)).toThrow(
      /Cannot have more than 15 containers in inference pipeline \(containers: got 16; allowed 1 to 15\)/);
  });

  test('exactly one of image and modelPackage', () => {
    const { stack } = envStack();
    const pkg = sagemaker.ModelPackage.fromModelPackageArn(stack, 'Pkg',
      'arn:aws:sagemaker:us-west-2:123456789012:model-package/my-package/3');
    expect(() => new sagemaker.Model(stack, 'Neither', { containers: [{}] }))
      .toThrow(/TestStack\/Neither: containers\[0\] must have exactly one of 'image' and 'modelPackage' \(containers\[0\]: got neither; allowed an image or a model package\)/);
    expect(() => new sagemaker.Model(stack, 'Both', { containers: [{ image: ecrImage(stack), modelPackage: pkg }] }))
      .toThrow(/containers\[0\] must have exactly one of 'image' and 'modelPackage' \(containers\[0\]: got both; allowed an image or a model package\)/);
  });

  test('a model package renders ModelPackageName and no Image', () => {
    const { stack } = envStack();
    const pkg = sagemaker.ModelPackage.fromModelPackageArn(stack, 'Pkg',
      'arn:aws:sagemaker:us-west-2:123456789012:model-package/my-package/3');
    new sagemaker.Model(stack, 'Model', { containers: [{ modelPackage: pkg }] });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: {
        ModelPackageName: 'arn:aws:sagemaker:us-west-2:123456789012:model-package/my-package/3',
        Image: Match.absent(),
      },
    });
    expect(pkg.modelPackageName).toEqual('my-package');
  });

  test('a model package ARN is validated, a token is not', () => {
    const { stack } = envStack();
    expect(() => sagemaker.ModelPackage.fromModelPackageArn(stack, 'Bad', 'not an arn'))
      .toThrow(/TestStack\/Bad: modelPackageArn must be a model package name or ARN \(modelPackageArn \(model_package_arn\): got 'not an arn', 10 characters; allowed arn:.* up to 176 characters\)/);
    expect(() => sagemaker.ModelPackage.fromModelPackageArn(stack, 'Model', 'arn:aws:sagemaker:us-west-2:123456789012:model/churn'))
      .toThrow("TestStack/Model: modelPackageArn must name a model package (modelPackageArn (model_package_arn) resource type: got 'model' in "
        + "'arn:aws:sagemaker:us-west-2:123456789012:model/churn'; allowed 'model-package')");
    expect(() => sagemaker.ModelPackage.fromModelPackageArn(stack, 'Name', 'churn'))
      .toThrow("TestStack/Name: modelPackageArn must be an ARN, not a name (modelPackageArn (model_package_arn): got 'churn'; allowed "
        + 'arn:<partition>:sagemaker:<region>:<account>:model-package/<name>[/<version>])');
    const param = new cdk.CfnParameter(stack, 'PkgArn');
    expect(() => sagemaker.ModelPackage.fromModelPackageArn(stack, 'Tok', param.valueAsString)).not.toThrow();
  });
});

describe('Model validation', () => {
  test.each([
    ['bad_name!', 9],
    ['-leading', 8],
    ['trailing-', 9],
    ['a'.repeat(64), 64],
  ])('modelName %s is rejected', (name, length) => {
    const { stack } = envStack();
    expect(() => new sagemaker.Model(stack, 'Model', { modelName: name, containers: [{ image: ecrImage(stack) }] }))
      .toThrow(new RegExp(`TestStack/Model: modelName must be a SageMaker name \\(modelName \\(model_name\\): got '${name.replace(/[-!]/g, '\\$&')}', `
        + `${length} characters; allowed 1 to 63 characters: letters, digits and hyphens, starting and ending with a letter or digit\\)`));
  });

  test('a valid modelName is rendered and warned about', () => {
    const { stack } = envStack();
    new sagemaker.Model(stack, 'Model', { modelName: 'My--Model-1', containers: [{ image: ecrImage(stack) }] });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Model', { ModelName: 'My--Model-1' });
    Annotations.fromStack(stack).hasWarning('/TestStack/Model',
      Match.stringLikeRegexp("modelName \\(model_name\\) is set to 'My--Model-1': every change to this model replaces it"));
  });

  test('a fixed name that is partly a token is warned about without token internals', () => {
    const { stack } = envStack();
    const suffix = new cdk.CfnParameter(stack, 'Suffix').valueAsString;
    new sagemaker.Model(stack, 'Model', { modelName: `CFN-${suffix}`, containers: [{ image: ecrImage(stack) }] });
    new sagemaker.EndpointConfig(stack, 'Config', {
      endpointConfigName: cdk.Fn.join('-', ['cfg', suffix]),
      instanceProductionVariants: [{ variantName: 'a', model: sagemaker.Model.fromModelName(stack, 'M', 'm') }],
    });
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('is set to'));
    expect(warnings.map(w => String(w.entry.data).split(':')[0])).toEqual([
      "modelName (model_name) is set to 'CFN-<token>'",
      "endpointConfigName (endpoint_config_name) is set to '<token>'",
    ]);
    expect(JSON.stringify(warnings)).not.toContain('Token[');
  });

  test('a modelName token is neither validated nor warned about as a literal', () => {
    const { stack } = envStack();
    const name = new cdk.CfnParameter(stack, 'Name');
    new sagemaker.Model(stack, 'Model', { modelName: name.valueAsString, containers: [{ image: ecrImage(stack) }] });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Model', { ModelName: { Ref: 'Name' } });
  });

  test('container hostname pattern', () => {
    const { stack } = envStack();
    expect(() => new sagemaker.Model(stack, 'Model', {
      containers: [{ image: ecrImage(stack), containerHostname: 'has_underscore' }],
    })).toThrow(/containers\[0\]\.containerHostname must be a SageMaker name \(containers\[0\]\.containerHostname \(containers\[0\]\.container_hostname\): got 'has_underscore', 14 characters; allowed 1 to 63 characters/);
  });

  test('hostnames must be on every container of a pipeline once one has one, and unique', () => {
    const { stack } = envStack();
    new sagemaker.Model(stack, 'Partial', {
      containers: [{ image: ecrImage(stack, 'A'), containerHostname: 'a' }, { image: ecrImage(stack, 'B') }],
    });
    new sagemaker.Model(stack, 'Dup', {
      containers: [{ image: ecrImage(stack, 'C'), containerHostname: 'x' }, { image: ecrImage(stack, 'D'), containerHostname: 'x' }],
    });
    expect(() => Template.fromStack(stack)).toThrow(
      /\[TestStack\/Partial\] containerHostname must be set on every container of a multi-container model once one has it \(containerHostname \(container_hostname\): got none on containers 1; allowed a hostname on every container, or on none\)[\s\S]*\[TestStack\/Dup\] containerHostname must be unique within a model \(containerHostname \(container_hostname\): got 'x' more than once; allowed one container per hostname\)/);
  });

  test('environment: key pattern, value length, entry count, total size', () => {
    const { stack } = envStack();
    expect(() => new sagemaker.Model(stack, 'Key', {
      containers: [{ image: ecrImage(stack, 'A'), environment: { '1BAD': 'x' } }],
    })).toThrow(/containers\[0\]\.environment key must be an environment variable name \(containers\[0\]\.environment key: got '1BAD', 4 characters; allowed up to 1024 characters: letters, digits and underscores, not starting with a digit\)/);
    expect(() => new sagemaker.Model(stack, 'Value', {
      containers: [{ image: ecrImage(stack, 'B'), environment: { BIG: 'x'.repeat(1025) } }],
    })).toThrow(/containers\[0\]\.environment\['BIG'\] is too long \(containers\[0\]\.environment\['BIG'\]: got 1025 characters; allowed at most 1024\)/);
    const many: { [k: string]: string } = {};
    for (let i = 0; i < 101; i++) many[`K${i}`] = 'v';
    expect(() => new sagemaker.Model(stack, 'Count', {
      containers: [{ image: ecrImage(stack, 'C'), environment: many }],
    })).toThrow(/containers\[0\]\.environment has too many entries \(containers\[0\]\.environment: got 101 entries; allowed at most 100\)/);
    expect(() => new sagemaker.Model(stack, 'NotString', {
      containers: [{ image: ecrImage(stack, 'D'), environment: { N: 5 as unknown as string } }],
    })).toThrow(/containers\[0\]\.environment\['N'\] must be a string \(containers\[0\]\.environment\['N'\]: got number 5; allowed a string/);
  });

  test('environment maps of all containers together are at most 32 KB', () => {
    const { stack } = envStack();
    const env = (p: string) => {
      const e: { [k: string]: string } = {};
      for (let i = 0; i < 20; i++) e[`${p}${i}`] = 'v'.repeat(1000);
      return e;
    };
    new sagemaker.Model(stack, 'Model', {
      containers: [
        { image: ecrImage(stack, 'A'), environment: env('A') },
        { image: ecrImage(stack, 'B'), environment: env('B') },
      ],
    });
    expect(() => Template.fromStack(stack)).toThrow(/the environment maps of all containers together are too large \(environment: got 40100 bytes of keys and values; allowed at most 32 KB, 32768 bytes\)/);
  });

  test('environment with token values is not validated', () => {
    const { stack } = envStack();
    const p = new cdk.CfnParameter(stack, 'P');
    new sagemaker.Model(stack, 'Model', {
      containers: [{ image: ecrImage(stack), environment: { KEY: p.valueAsString } }],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: { Environment: { KEY: { Ref: 'P' } } },
    });
  });
});

describe('Model execution modes', () => {
  test('DIRECT renders InferenceExecutionConfig', () => {
    const { stack } = envStack();
    new sagemaker.Model(stack, 'Model', {
      inferenceExecutionMode: sagemaker.InferenceExecutionMode.DIRECT,
      containers: [
        { image: ecrImage(stack, 'A'), containerHostname: 'xgboost' },
        { image: ecrImage(stack, 'B'), containerHostname: 'sklearn' },
      ],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Model', {
      InferenceExecutionConfig: { Mode: 'Direct' },
    });
  });

  test('DIRECT needs hostnames; an execution mode needs two containers', () => {
    const { stack } = envStack();
    new sagemaker.Model(stack, 'Direct', {
      inferenceExecutionMode: sagemaker.InferenceExecutionMode.DIRECT,
      containers: [{ image: ecrImage(stack, 'A') }, { image: ecrImage(stack, 'B') }],
    });
    new sagemaker.Model(stack, 'Single', {
      inferenceExecutionMode: sagemaker.InferenceExecutionMode.SERIAL,
      containers: [{ image: ecrImage(stack, 'C') }],
    });
    expect(() => Template.fromStack(stack)).toThrow(
      /\[TestStack\/Direct\] inferenceExecutionMode InferenceExecutionMode.DIRECT requires a unique containerHostname on every container, .*\(containerHostname \(container_hostname\): got 0 of 2 containers named; allowed a hostname on every container\)[\s\S]*\[TestStack\/Single\] inferenceExecutionMode is only allowed with 2 or more containers \(inferenceExecutionMode \(inference_execution_mode\): got 'Serial' with 1 container\(s\); allowed with 2 to 15 containers\)/);
  });

  test('multi-model container with a prefix renders Mode, MultiModelConfig and the prefix URL as the alpha renders it', () => {
    const { stack } = envStack();
    const bucket = new s3.Bucket(stack, 'Bucket');
    new sagemaker.Model(stack, 'Model', {
      containers: [{
        image: ecrImage(stack),
        mode: sagemaker.ContainerMode.MULTI_MODEL,
        modelCacheEnabled: false,
        modelData: sagemaker.ModelData.fromBucket(bucket, 'models', { s3DataType: sagemaker.S3DataType.S3_PREFIX }),
      }],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: {
        Mode: 'MultiModel',
        MultiModelConfig: { ModelCacheSetting: 'Disabled' },
        ModelDataUrl: { 'Fn::Join': ['', ['https://s3.us-west-2.', { Ref: 'AWS::URLSuffix' }, '/', { Ref: Match.stringLikeRegexp('^Bucket') }, '/models']] },
        ModelDataSource: Match.absent(),
      },
    });
  });

  test('multi-model container with a single object or uncompressed data is rejected', () => {
    const { stack } = envStack();
    const bucket = new s3.Bucket(stack, 'Bucket');
    expect(() => new sagemaker.Model(stack, 'Obj', {
      containers: [{
        image: ecrImage(stack, 'A'),
        mode: sagemaker.ContainerMode.MULTI_MODEL,
        modelData: sagemaker.ModelData.fromBucket(bucket, 'model.tar.gz'),
      }],
    })).toThrow(/TestStack\/Obj: containers\[0\]: a MULTI_MODEL container reads its models from an S3 prefix \(containers\[0\]\.modelData \(containers\[0\]\.model_data\) s3DataType \(s3_data_type\): got 'S3Object'; allowed ModelData\.fromBucket/);
    expect(() => new sagemaker.Model(stack, 'None', {
      containers: [{
        image: ecrImage(stack, 'B'),
        mode: sagemaker.ContainerMode.MULTI_MODEL,
        modelData: sagemaker.ModelData.fromBucket(bucket, 'm/', {
          s3DataType: sagemaker.S3DataType.S3_PREFIX, compressionType: sagemaker.CompressionType.NONE,
        }),
      }],
    })).toThrow(/a MULTI_MODEL container loads .tar.gz archives from ModelDataUrl \(containers\[0\]\.modelData \(containers\[0\]\.model_data\): got compressionType 'None'; allowed compressionType \(compression_type\) CompressionType.GZIP and acceptEula \(accept_eula\) unset\) \[rule: container.modelData.multiModelArchives\]/);
  });

  test('modelCacheEnabled needs MULTI_MODEL; at most one MULTI_MODEL container', () => {
    const { stack } = envStack();
    expect(() => new sagemaker.Model(stack, 'Cache', {
      containers: [{ image: ecrImage(stack, 'A'), modelCacheEnabled: true }],
    })).toThrow(/containers\[0\]\.modelCacheEnabled is only allowed with mode ContainerMode.MULTI_MODEL \(containers\[0\]\.mode: got 'SingleModel'; allowed ContainerMode.MULTI_MODEL with modelCacheEnabled \(model_cache_enabled\)\)/);

    const bucket = new s3.Bucket(stack, 'Bucket');
    const data = sagemaker.ModelData.fromBucket(bucket, 'm/', { s3DataType: sagemaker.S3DataType.S3_PREFIX });
    new sagemaker.Model(stack, 'Two', {
      containers: [
        { image: ecrImage(stack, 'B'), mode: sagemaker.ContainerMode.MULTI_MODEL, modelData: data },
        { image: ecrImage(stack, 'C'), mode: sagemaker.ContainerMode.MULTI_MODEL, modelData: data },
      ],
    });
    expect(() => Template.fromStack(stack)).toThrow(/at most one container of a model can have mode ContainerMode.MULTI_MODEL \(mode: got 2 multi-model containers, containers 0, 1; allowed at most 1\)/);
  });
});

describe('Model networking', () => {
  test('a VPC renders VpcConfig with private subnets and a created security group', () => {
    const { stack } = envStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    new sagemaker.Model(stack, 'Model', { containers: [{ image: ecrImage(stack) }], vpc });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SageMaker::Model', {
      VpcConfig: {
        SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^ModelSecurityGroup'), 'GroupId'] }],
        Subnets: [
          { Ref: Match.stringLikeRegexp('^VpcPrivateSubnet1') },
          { Ref: Match.stringLikeRegexp('^VpcPrivateSubnet2') },
        ],
      },
    });
  });

  test('vpcSubnets, securityGroups or allowAllOutbound without a VPC are rejected', () => {
    const { stack } = envStack();
    expect(() => new sagemaker.Model(stack, 'Model', {
      containers: [{ image: ecrImage(stack) }],
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
    })).toThrow(/TestStack\/Model: Cannot configure 'securityGroups' or 'allowAllOutbound' without configuring a VPC \(vpc: got none with vpcSubnets; allowed a vpc, or none of them\) \[rule: model.vpc.required\]/);
  });

  test('more than 5 security groups fail at synth', () => {
    const { stack } = envStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1 });
    const sgs = Array.from({ length: 6 }, (_, i) => new ec2.SecurityGroup(stack, `SG${i}`, { vpc }));
    new sagemaker.Model(stack, 'Model', { containers: [{ image: ecrImage(stack) }], vpc, securityGroups: sgs });
    expect(() => Template.fromStack(stack)).toThrow(/\[TestStack\/Model\] securityGroups must have between 1 and 5 items \(securityGroups \(security_groups\): got 6 items; allowed 1 to 5\)/);
  });

  test('a private-registry image requires a VPC and renders ImageConfig', () => {
    const { stack } = envStack();
    expect(() => new sagemaker.Model(stack, 'NoVpc', {
      containers: [{ image: sagemaker.ContainerImage.fromRegistry('registry.example.com/team/model:1') }],
    })).toThrow(/TestStack\/NoVpc: containers\[0\]: an image from a private registry .* needs a model with a vpc/);

    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1 });
    new sagemaker.Model(stack, 'Model', {
      vpc,
      containers: [{ image: sagemaker.ContainerImage.fromRegistry('registry.example.com/team/model:1') }],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: {
        Image: 'registry.example.com/team/model:1',
        ImageConfig: { RepositoryAccessMode: 'Vpc', RepositoryAuthConfig: Match.absent() },
      },
    });
  });

  test('networkIsolation renders EnableNetworkIsolation', () => {
    const { stack } = envStack();
    new sagemaker.Model(stack, 'Model', { containers: [{ image: ecrImage(stack) }], networkIsolation: true });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Model', { EnableNetworkIsolation: true });
  });
});

describe('Model execution role (least privilege)', () => {
  test('the created role has no managed policy and only logs, metrics and the image pull', () => {
    // GIVEN
    const { stack } = envStack();
    const repo = new ecr.Repository(stack, 'Repo');
    // WHEN
    new sagemaker.Model(stack, 'Model', { containers: [{ image: sagemaker.ContainerImage.fromEcrRepository(repo, 'v1') }] });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' } }],
      },
      ManagedPolicyArns: Match.absent(),
    });
    const stmts = statements(template);
    expect(stmts).toEqual(expect.arrayContaining([
      {
        Sid: 'EndpointLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        Resource: {
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:us-west-2:123456789012:log-group:/aws/sagemaker/Endpoints/*']],
        },
      },
      { Sid: 'EndpointMetrics', Effect: 'Allow', Action: 'cloudwatch:PutMetricData', Resource: '*' },
      {
        Effect: 'Allow',
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
        Resource: { 'Fn::GetAtt': ['Repo02AC86CF', 'Arn'] },
      },
      { Sid: 'EcrAuthorization', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
    ]));
    expect(stmts).toHaveLength(4);
    expect(stmts.flatMap(actionsOf).some(a => a.startsWith('ec2:'))).toBe(false);
    expect(JSON.stringify(template.toJSON())).not.toContain('AmazonSageMakerFullAccess');
  });

  test("one customer-managed policy on the role: the statements with '*' or a wildcard ARN (with cdk-nag reasons), then the grants", () => {
    const { stack } = envStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'weights');
    new sagemaker.Model(stack, 'Model', {
      containers: [{
        image: ecrImage(stack),
        modelData: sagemaker.ModelData.fromBucket(bucket, 'llm/', {
          s3DataType: sagemaker.S3DataType.S3_PREFIX, compressionType: sagemaker.CompressionType.NONE,
        }),
      }],
    });
    const template = Template.fromStack(stack);
    // no inline policy (cdk-nag IAMNoInlinePolicy): one customer-managed policy attached to the role,
    // as many IAM resources per model as the alpha's role and DefaultPolicy
    template.resourceCountIs('AWS::IAM::Policy', 0);
    expect(Object.values(template.findResources('AWS::IAM::Role'))[0].Properties.Policies).toBeUndefined();
    const managed = template.findResources('AWS::IAM::ManagedPolicy');
    expect(Object.keys(managed)).toEqual([expect.stringMatching(/^ModelRolePolicy[0-9A-F]{8}$/)]);
    expect(Object.values(managed).map((p: any) => p.Properties.Roles)).toEqual([[{ Ref: 'ModelRole3E65CE92' }]]);
    // the account-wide statements first, then what is scoped to one ARN
    expect(accountWideStatements(template).map((s: any) => s.Sid ?? s.Resource)).toEqual(
      ['EndpointLogs', 'EndpointMetrics', 'EcrAuthorization', expect.anything(), expect.anything(), { 'Fn::GetAtt': ['Repo02AC86CF', 'Arn'] }]);
    expect(rolePolicyStatements(template, 'ModelRole', 'Grants')).toEqual([]);
    // cdk-nag (AwsSolutions-IAM5) acknowledgements, with reasons, for exactly these wildcards, on that policy
    const cfnPolicy = stack.node.findChild('Model').node.findChild('Role').node.findChild('Policy').node.defaultChild!;
    const acks = cfnPolicy.node.metadata
      .filter(m => m.type === cdk.Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap(m => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ id, reason })));
    expect(acks.map(a => a.id).sort()).toEqual([
      'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:us-west-2:123456789012:log-group:/aws/sagemaker/Endpoints/*]',
      'AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::weights/llm/*]',
    ]);
    expect(acks.find(a => a.id.includes('weights/llm'))!.reason).toMatch(/every object under the S3 prefix 'llm\/'/);
  });

  test("a grant that names one of the library's acknowledged wildcards goes to a policy apart, where cdk-nag still reports it", () => {
    const { stack } = envStack();
    const model = new sagemaker.Model(stack, 'Model', { containers: [{ image: ecrImage(stack) }] });
    model.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
    model.addToRolePolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: ['arn:aws:sqs:us-west-2:123456789012:q'] }));
    const template = Template.fromStack(stack);
    expect(Object.keys(template.findResources('AWS::IAM::ManagedPolicy'))).toEqual([
      expect.stringMatching(/^ModelRolePolicy[0-9A-F]{8}$/), expect.stringMatching(/^ModelRoleGrants[0-9A-F]{8}$/),
    ]);
    expect(rolePolicyStatements(template, 'ModelRole', 'Grants')).toEqual([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]);
    expect(accountWideStatements(template).map((s: any) => s.Action)).toContain('sqs:SendMessage');
    const grants = stack.node.findChild('Model').node.findChild('Role').node.findChild('Grants').node.defaultChild!;
    expect(grants.node.metadata.filter(m => m.type === cdk.Validations.ACKNOWLEDGED_RULES_METADATA_KEY)).toEqual([]);
  });

  test('a grant is matched to a wildcard by the resource the template gets, however the app wrote it', () => {
    const { stack } = envStack();
    const model = new sagemaker.Model(stack, 'Model', { containers: [{ image: ecrImage(stack) }] });
    // the library's log-group prefix, joined by hand instead of Stack.formatArn: a different text, the same resource
    const logGroups = cdk.Fn.join('', ['arn:', cdk.Aws.PARTITION, ':logs:us-west-2:123456789012:log-group:/aws/sagemaker/Endpoints/*']);
    model.addToRolePolicy(new iam.PolicyStatement({ actions: ['logs:GetLogEvents'], resources: [logGroups] }));
    // a lazy value that turns out to be '*'
    model.addToRolePolicy(new iam.PolicyStatement({ actions: ['sqs:ListQueues'], resources: [cdk.Lazy.string({ produce: () => '*' })] }));
    // text around a lazy piece: resolved, since the library's key holds all of its text
    const lazyPrefix = cdk.Lazy.string({ produce: () => '/aws/sagemaker/Endpoints/*' });
    model.addToRolePolicy(new iam.PolicyStatement({
      actions: ['logs:FilterLogEvents'],
      resources: [`arn:${cdk.Aws.PARTITION}:logs:us-west-2:123456789012:log-group:${lazyPrefix}`],
    }));
    // text no wildcard holds (another prefix): an ordinary grant, in the role's policy
    model.addToRolePolicy(new iam.PolicyStatement({
      actions: ['logs:GetLogEvents'],
      resources: [`arn:${cdk.Aws.PARTITION}:logs:us-west-2:123456789012:log-group:/aws/sagemaker/TrainingJobs/${lazyPrefix}`],
    }));
    const template = Template.fromStack(stack);
    const resolvedLogGroups = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:us-west-2:123456789012:log-group:/aws/sagemaker/Endpoints/*']] };
    expect(rolePolicyStatements(template, 'ModelRole', 'Grants')).toEqual([
      { Effect: 'Allow', Action: 'logs:GetLogEvents', Resource: resolvedLogGroups },
      { Effect: 'Allow', Action: 'sqs:ListQueues', Resource: '*' },
      { Effect: 'Allow', Action: 'logs:FilterLogEvents', Resource: resolvedLogGroups },
    ]);
    expect(rolePolicyStatements(template, 'ModelRole', 'Policy')).toContainEqual({
      Effect: 'Allow',
      Action: 'logs:GetLogEvents',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:us-west-2:123456789012:log-group:/aws/sagemaker/TrainingJobs//aws/sagemaker/Endpoints/*']] },
    });
  });

  test('a statement the role cannot hold (a principal, no resource) fails at synth, as in an iam.ManagedPolicy', () => {
    const { stack } = envStack();
    const model = new sagemaker.Model(stack, 'Model', { containers: [{ image: ecrImage(stack) }] });
    model.addToRolePolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'] }));
    expect(() => Template.fromStack(stack)).toThrow(/A PolicyStatement used in an identity-based policy must specify at least one resource/);
  });

  test('grants beyond what one customer-managed policy holds (6,144 characters) go to a second one', () => {
    const { stack } = envStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'weights');
    const containers = Array.from({ length: 15 }, (_, i) => ({
      image: sagemaker.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(stack, `Repo${i}`, `a-rather-long-repository-name-${i}`)),
      modelData: sagemaker.ModelData.fromBucket(bucket, `models/a/fairly/deep/prefix/for/model-${i}/model.tar.gz`),
    }));
    new sagemaker.Model(stack, 'Model', { containers });
    const template = Template.fromStack(stack);
    const policies = Object.entries(template.findResources('AWS::IAM::ManagedPolicy'));
    expect(policies.map(([id]) => id)).toEqual([expect.stringMatching(/^ModelRolePolicy[0-9A-F]{8}$/), expect.stringMatching(/^ModelRolePolicy2[0-9A-F]{8}$/)]);
    for (const [, policy] of policies) {
      expect(JSON.stringify(policy.Properties.PolicyDocument).length).toBeLessThanOrEqual(6144);
    }
    // every grant is there once: 15 pulls and 15 objects, after the 3 account-wide statements
    expect(rolePolicyStatements(template, 'ModelRole', 'Policy')).toHaveLength(33);
  });

  test('the EC2 network-interface actions are added only for a model in a VPC', () => {
    const { stack } = envStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1 });
    new sagemaker.Model(stack, 'Model', { containers: [{ image: ecrImage(stack) }], vpc });
    const vpcStatement = statements(Template.fromStack(stack)).find(s => s.Sid === 'VpcNetworkInterfaces');
    expect(actionsOf(vpcStatement)).toEqual([
      'ec2:CreateNetworkInterface', 'ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface',
      'ec2:DeleteNetworkInterfacePermission', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeVpcs',
      'ec2:DescribeDhcpOptions', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups',
    ]);
  });

  test('the model depends on the role\'s policies, and on the role through ExecutionRoleArn only (no W3005)', () => {
    const { stack } = envStack();
    new sagemaker.Model(stack, 'Model', { containers: [{ image: ecrImage(stack) }] });
    const template = Template.fromStack(stack);
    const model = Object.values(template.findResources('AWS::SageMaker::Model'))[0];
    const roleId = Object.keys(template.findResources('AWS::IAM::Role'))[0];
    expect(model.Properties.ExecutionRoleArn).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
    expect([...model.DependsOn].sort()).toEqual(Object.keys(template.findResources('AWS::IAM::ManagedPolicy')).sort());
    expect(model.DependsOn).toHaveLength(1);
  });

  test('cfn-lint finds no warning on the model and its role; a DependsOn on the referenced role would be W3005', () => {
    const all = (t: any) => new Set(Object.keys(t.Resources));
    const built = (redundantDependsOn: boolean) => {
      const { stack } = envStack();
      const model = new sagemaker.Model(stack, 'Model', { containers: [{ image: ecrImage(stack) }] });
      if (redundantDependsOn) {
        model.node.defaultChild!.node.addDependency(model.role!.node.defaultChild!);
      }
      return Template.fromStack(stack).toJSON();
    };
    const clean = built(false);
    expect(cfnLintProblems({ model: clean }, { model: all(clean) })).toEqual([]);
    const redundant = built(true);
    expect(cfnLintProblems({ model: redundant }, { model: all(redundant) })).toEqual([
      expect.stringMatching(/^model W3005 Resources\/Model2AD80A05\/DependsOn\/\d: 'ModelRole3E65CE92' dependency already enforced/),
    ]);
  });

  test('a policy added to a supplied role later is waited for too', () => {
    const { stack } = envStack();
    const role = new iam.Role(stack, 'MyRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    new sagemaker.Model(stack, 'Model', { role, containers: [{ image: ecrImage(stack) }] });
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::late/*'] }));
    const template = Template.fromStack(stack);
    const model = Object.values(template.findResources('AWS::SageMaker::Model'))[0];
    expect(model.DependsOn).toEqual([Object.keys(template.findResources('AWS::IAM::Policy'))[0]]);
    expect(model.DependsOn[0]).toMatch(/^MyRoleDefaultPolicy/);
  });

  test('a supplied role is used and gets the grants, but no baseline statements', () => {
    const { stack } = envStack();
    const role = new iam.Role(stack, 'MyRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    const model = new sagemaker.Model(stack, 'Model', { role, containers: [{ image: ecrImage(stack) }] });
    expect(model.role).toBe(role);
    expect(model.grantPrincipal).toBe(role);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Role', 1);
    const sids = statements(template).map(s => s.Sid);
    expect(sids).not.toContain('EndpointLogs');
  });

  test('addToRolePolicy adds to the role; no-op for an import without a role', () => {
    const { stack } = envStack();
    const model = new sagemaker.Model(stack, 'Model', { containers: [{ image: ecrImage(stack) }] });
    model.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: ['arn:aws:s3:::out/*'] }));
    const imported = sagemaker.Model.fromModelName(stack, 'Imported', 'other');
    imported.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: ['arn:aws:s3:::x/*'] }));
    const stmts = statements(Template.fromStack(stack));
    expect(stmts).toContainEqual({ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::out/*' });
    expect(stmts).not.toContainEqual(expect.objectContaining({ Resource: 'arn:aws:s3:::x/*' }));
  });
});

describe('Model imports', () => {
  test('fromModelName keeps the name and lower-cases the ARN', () => {
    const { stack } = envStack();
    const model = sagemaker.Model.fromModelName(stack, 'Imported', 'My-Model');
    expect(model.modelName).toEqual('My-Model');
    expect(stack.resolve(model.modelArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:us-west-2:123456789012:model/my-model']],
    });
  });

  test('fromModelArn takes account and region from the ARN', () => {
    const { stack } = envStack();
    const model = sagemaker.Model.fromModelArn(stack, 'Imported', 'arn:aws:sagemaker:eu-west-1:111122223333:model/abc');
    expect(model.modelName).toEqual('abc');
    expect(model.env.account).toEqual('111122223333');
    expect(model.env.region).toEqual('eu-west-1');
    expect(model.role).toBeUndefined();
  });

  test('connections of an import without security groups are refused', () => {
    const { stack } = agnosticStack();
    const model = sagemaker.Model.fromModelArn(stack, 'Imported', 'arn:aws:sagemaker:eu-west-1:111122223333:model/abc');
    expect(() => model.connections).toThrow(/TestStack\/Imported: Cannot manage network access without configuring a VPC/);
  });
});

test('PROPERTY_INJECTION_ID is stable public API', () => {
  expect(sagemaker.Model.PROPERTY_INJECTION_ID).toEqual('cdk-sagemaker-hosting.Model');
});

test('property injection applies defaults registered for Model', () => {
  const app = new cdk.App({
    propertyInjectors: [{
      constructUniqueId: sagemaker.Model.PROPERTY_INJECTION_ID,
      inject: (props: sagemaker.ModelProps) => ({ networkIsolation: true, ...props }),
    }],
  });
  const stack = new cdk.Stack(app, 'S');
  new sagemaker.Model(stack, 'Model', { containers: [{ image: ecrImage(stack) }] });
  Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Model', { EnableNetworkIsolation: true });
});
