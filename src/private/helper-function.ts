import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeHelperFunction } from './nag';

/** What a helper function is and may do. */
export interface HelperFunctionProps {
  /** The folder of its code under `handlers/` (an `index.js` exporting `handler`). */
  readonly handler: string;
  /** What it does, for the descriptions of its function, role and policy. */
  readonly purpose: string;
  readonly timeout: cdk.Duration;
  /** Its permissions besides writing to its log group. */
  readonly statements: iam.PolicyStatement[];
  /** Why cdk-nag's compliance packs' findings on the function do not apply. */
  readonly reasons: Record<'LambdaConcurrency' | 'LambdaDLQ' | 'LambdaInsideVPC', string>;
  /** Why its log group needs no customer-managed key. */
  readonly logReason: string;
  /** The wildcard resources of its policy with their reasons, read when the tree is prepared. */
  readonly wildcards: () => Array<[string, string]>;
}

/**
 * A Lambda function of the library that CloudFormation invokes (the provider of a custom resource):
 * Node.js 24, 128 MB, its own log group kept a year, and its own role whose one customer-managed
 * policy (not inline: the compliance packs' IAMNoInlinePolicy) allows writing to that log group and
 * `statements`, nothing else.
 */
export class HelperFunction extends Construct {
  public readonly function: lambda.Function;
  public readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: HelperFunctionProps) {
    super(scope, id);
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.purpose} (cdk-sagemaker-hosting)`,
    });
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: cdk.RemovalPolicy.DESTROY,
    });
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `${props.purpose} (cdk-sagemaker-hosting)`,
      roles: [role],
      statements: [
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
        ...props.statements,
      ],
    });
    this.function = new lambda.Function(this, 'Function', {
      // `handlers/` sits beside `src/` and `lib/`: the same path from the sources and from the build.
      code: lambda.Code.fromAsset(path.join(__dirname, '..', '..', 'handlers', props.handler)),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      role,
      logGroup,
      timeout: props.timeout,
      memorySize: 128,
      description: `${props.purpose} (cdk-sagemaker-hosting)`,
    });
    this.function.node.addDependency(this.policy);
    acknowledgeHelperFunction(this.function, logGroup, this.policy, props.reasons, props.logReason, props.wildcards);
  }
}
