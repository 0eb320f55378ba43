import { SizeRoundingBehavior } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { CfnEndpointConfig } from 'aws-cdk-lib/aws-sagemaker';
import { IConstruct } from 'constructs';
import type { ExplainerProps } from '../explainer';
import { grantReadObject } from './execution-role';
import { EXPLAINER } from './rules/explainer';
import { enforce } from './rules/rule';

/*
 * SageMaker Clarify online explainability of an endpoint configuration: checked once, rendered
 * once, and each hosted model's role may read the SHAP baseline object (once per model).
 */
export class Explainer {
  private readonly granted = new Set<IGrantable>();

  constructor(private readonly scope: IConstruct, private readonly props: ExplainerProps) {
    enforce(scope, EXPLAINER, props);
  }

  public render(): CfnEndpointConfig.ExplainerConfigProperty {
    const { shap, inference: i, enableExplanations } = this.props;
    return {
      clarifyExplainerConfig: {
        enableExplanations,
        shapConfig: {
          shapBaselineConfig: {
            shapBaseline: shap.baseline,
            shapBaselineUri: shap.baselineBucket && shap.baselineBucket.s3UrlForObject(shap.baselineKey),
            mimeType: shap.mimeType,
          },
          numberOfSamples: shap.numberOfSamples,
          seed: shap.seed,
          useLogit: shap.useLogit,
          textConfig: shap.text && { language: shap.text.language, granularity: shap.text.granularity },
        },
        inferenceConfig: i && {
          contentTemplate: i.contentTemplate,
          featuresAttribute: i.featuresAttribute,
          featureHeaders: i.featureHeaders,
          featureTypes: i.featureTypes,
          labelAttribute: i.labelAttribute,
          labelIndex: i.labelIndex,
          labelHeaders: i.labelHeaders,
          probabilityAttribute: i.probabilityAttribute,
          probabilityIndex: i.probabilityIndex,
          maxPayloadInMb: i.maxPayload?.toMebibytes({ rounding: SizeRoundingBehavior.NONE }),
          maxRecordCount: i.maxRecordCount,
        },
      },
    };
  }

  /** Let a hosted model's role read the baseline object. */
  public grant(model: IGrantable): void {
    const { baselineBucket: bucket, baselineKey: key } = this.props.shap;
    if (!bucket || key === undefined || this.granted.has(model)) {
      return;
    }
    this.granted.add(model);
    grantReadObject(this.scope, model, bucket, key, `bucket '${bucket.node.path}'`);
  }
}
