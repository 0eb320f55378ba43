import { ACCELERATOR_TYPE } from './private/rules/instance-type';
import { enforceUnscoped } from './private/rules/rule';

/**
 * An Elastic Inference accelerator type.
 *
 * @deprecated Amazon Elastic Inference is retired: SageMaker no longer accepts accelerators and
 * CloudFormation's `AWS::SageMaker::EndpointConfig` has no `AcceleratorType` property. Kept for
 * source compatibility with `@aws-cdk/aws-sagemaker-alpha`; using it on a variant is a synth error.
 * Use a GPU or AWS Inferentia instance type instead.
 */
export class AcceleratorType {
  /** ml.eia1.large */
  public static readonly EIA1_LARGE = AcceleratorType.of('ml.eia1.large');
  /** ml.eia1.medium */
  public static readonly EIA1_MEDIUM = AcceleratorType.of('ml.eia1.medium');
  /** ml.eia1.xlarge */
  public static readonly EIA1_XLARGE = AcceleratorType.of('ml.eia1.xlarge');
  /** ml.eia2.large */
  public static readonly EIA2_LARGE = AcceleratorType.of('ml.eia2.large');
  /** ml.eia2.medium */
  public static readonly EIA2_MEDIUM = AcceleratorType.of('ml.eia2.medium');
  /** ml.eia2.xlarge */
  public static readonly EIA2_XLARGE = AcceleratorType.of('ml.eia2.xlarge');

  /**
   * An accelerator type from a string or a token.
   *
   * @param acceleratorType the accelerator type, for example `ml.eia2.medium`
   */
  public static of(acceleratorType: string): AcceleratorType {
    return new AcceleratorType(acceleratorType);
  }

  private readonly acceleratorTypeIdentifier: string;

  /**
   * @param acceleratorType the accelerator type, for example `ml.eia2.medium`
   */
  constructor(acceleratorType: string) {
    enforceUnscoped(ACCELERATOR_TYPE, acceleratorType);
    this.acceleratorTypeIdentifier = acceleratorType;
  }

  /**
   * The accelerator type as a string.
   */
  public toString(): string {
    return this.acceleratorTypeIdentifier;
  }
}
