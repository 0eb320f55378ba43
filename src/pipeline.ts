import { Resource } from 'aws-cdk-lib';
import { Grant, IGrantable } from 'aws-cdk-lib/aws-iam';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import { nameFromArn, sagemakerArnForName } from './private/arn';
import { PIPELINE_IMPORT } from './private/rules/pipeline';
import { enforce } from './private/rules/rule';

/**
 * The interface for a SageMaker Pipeline resource.
 *
 * Extends aws-cdk-lib's `aws_sagemaker.IPipeline`, so an imported pipeline works with
 * aws-cdk-lib integrations such as `aws_scheduler_targets.SageMakerStartPipelineExecution`.
 */
export interface IPipeline extends sagemaker.IPipeline {
}

/**
 * Attributes for importing a SageMaker Pipeline
 */
export interface PipelineAttributes {
  /**
   * The ARN of the pipeline
   * @default - Either this or pipelineName must be provided
   */
  readonly pipelineArn?: string;

  /**
   * The name of the pipeline
   * @default - Either this or pipelineArn must be provided
   */
  readonly pipelineName?: string;

  /**
   * The account the pipeline is in
   * @default - same account as the stack
   */
  readonly account?: string;

  /**
   * The region the pipeline is in
   * @default - same region as the stack
   */
  readonly region?: string;
}

/**
 * Properties of a SageMaker Pipeline.
 *
 * Pipelines are defined with the SageMaker Python SDK or a pipeline definition; this library
 * imports them (`Pipeline.fromPipelineArn/Name/Attributes`). The props name what an import
 * describes.
 */
export interface PipelineProps {
  /**
   * The physical name of the pipeline
   * @default - CDK generated name
   */
  readonly pipelineName?: string;
}

/**
 * A SageMaker Pipeline, imported by ARN, name or attributes.
 *
 * @resource AWS::SageMaker::Pipeline
 */
export class Pipeline extends Resource implements IPipeline {
  /**
   * Import a pipeline from its ARN
   *
   * @param scope The parent construct
   * @param id The construct id
   * @param pipelineArn The ARN of the pipeline
   */
  public static fromPipelineArn(scope: Construct, id: string, pipelineArn: string): IPipeline {
    return Pipeline.fromPipelineAttributes(scope, id, { pipelineArn });
  }

  /**
   * Import a pipeline from its name
   *
   * The ARN is built in the stack's account and region.
   *
   * @param scope The parent construct
   * @param id The construct id
   * @param pipelineName The name of the pipeline
   */
  public static fromPipelineName(scope: Construct, id: string, pipelineName: string): IPipeline {
    return Pipeline.fromPipelineAttributes(scope, id, { pipelineName });
  }

  /**
   * Import a pipeline from attributes
   *
   * @param scope The parent construct
   * @param id The construct id
   * @param attrs The attributes of the pipeline to import
   */
  public static fromPipelineAttributes(scope: Construct, id: string, attrs: PipelineAttributes): IPipeline {
    enforce(scope, PIPELINE_IMPORT, { id, attrs });
    if (attrs.pipelineArn !== undefined) {
      return new Pipeline(scope, id, attrs.pipelineArn, nameFromArn(attrs.pipelineArn), { environmentFromArn: attrs.pipelineArn });
    }
    const name = attrs.pipelineName!;
    const arn = sagemakerArnForName(scope, 'pipeline', name, attrs);
    return new Pipeline(scope, id, arn, name, { account: attrs.account, region: attrs.region });
  }

  /**
   * The ARN of the pipeline.
   *
   * @attribute
   */
  public readonly pipelineArn: string;

  /**
   * The name of the pipeline.
   *
   * @attribute
   */
  public readonly pipelineName: string;

  private constructor(scope: Construct, id: string, pipelineArn: string, pipelineName: string,
    env: { environmentFromArn?: string; account?: string; region?: string }) {
    super(scope, id, env);
    this.pipelineArn = pipelineArn;
    this.pipelineName = pipelineName;
  }

  /**
   * A reference to this pipeline for aws-cdk-lib constructs that take an `IPipelineRef`.
   */
  public get pipelineRef(): sagemaker.PipelineReference {
    return { pipelineName: this.pipelineName };
  }

  /**
   * Permits an IAM principal to start this pipeline execution: `sagemaker:StartPipelineExecution`
   * on this pipeline's ARN.
   *
   * @param grantee The principal to grant access to
   */
  public grantStartPipelineExecution(grantee: IGrantable): Grant {
    return Grant.addToPrincipal({
      grantee,
      actions: ['sagemaker:StartPipelineExecution'],
      resourceArns: [this.pipelineArn],
    });
  }
}
