import { Arn, ArnFormat, Stack, Token } from 'aws-cdk-lib';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';

/**
 * The ARN of a SageMaker resource from its name, in the stack's account and region unless given.
 *
 * SageMaker ARNs carry the name in lower case and IAM compares against them, so a literal name is
 * lower-cased here; a token is left alone.
 */
export function sagemakerArnForName(
  scope: IConstruct,
  resource: string,
  name: string,
  env: { account?: string; region?: string } = {},
): string {
  return Stack.of(scope).formatArn({
    service: 'sagemaker',
    resource,
    resourceName: Token.isUnresolved(name) ? name : name.toLowerCase(),
    account: env.account,
    region: env.region,
  });
}

/**
 * The ARNs of a model package group and of its versions (`model-package/<group>/*`), as SageMaker
 * writes them (the name in lower case), in the group's account and region.
 */
export function registryArns(scope: IConstruct, groupName: string, env: { account?: string; region?: string }): [string, string] {
  return [
    sagemakerArnForName(scope, 'model-package-group', groupName, env),
    sagemakerArnForName(scope, 'model-package', `${groupName}/*`, env),
  ];
}

/**
 * The resource name of an ARN `arn:...:<resource>/<name>` (a CloudFormation expression for a token
 * ARN). Everything after the first slash: a versioned model package keeps its `/<version>`.
 */
export function nameFromArn(arn: string): string {
  return Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME).resourceName!;
}

/** The S3 URI of a prefix of a bucket, as SageMaker takes it (`s3://bucket/prefix`; the bucket for none). */
export function s3Uri(bucket: Pick<s3.IBucket, 's3UrlForObject'>, prefix: string | undefined): string {
  return bucket.s3UrlForObject(prefix === undefined || prefix === '' ? undefined : prefix);
}
