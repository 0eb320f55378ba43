import { Size } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * How SageMaker Clarify splits text into the units it explains (`ClarifyTextConfig.Granularity`).
 */
export enum TextGranularity {
  /** Each token. */
  TOKEN = 'token',
  /** Each sentence. */
  SENTENCE = 'sentence',
  /** Each paragraph. */
  PARAGRAPH = 'paragraph',
}

/**
 * The type of a feature of the model's input (`ClarifyInferenceConfig.FeatureTypes[]`).
 */
export enum FeatureType {
  /** A number. */
  NUMERICAL = 'numerical',
  /** A category. */
  CATEGORICAL = 'categorical',
  /** Free text, explained in units of `ShapTextProps.granularity`. */
  TEXT = 'text',
}

/** How text features are explained (`ClarifyTextConfig`). */
export interface ShapTextProps {
  /**
   * The language of the text, as the ISO 639-1 code CloudFormation accepts (`en`, `de`, `fr`,
   * `zh`, ...; `xx` for text of several languages) (`Language`).
   */
  readonly language: string;

  /** The unit of text that is explained (`Granularity`). */
  readonly granularity: TextGranularity;
}

/**
 * The SHAP analysis of online explanations (`ClarifyShapConfig`): the baseline that features are
 * compared against, given inline (`baseline`) or as an S3 object (`baselineBucket` +
 * `baselineKey`), not both.
 */
export interface ShapProps {
  /**
   * The baseline records, inline: CSV rows or JSON Lines, up to 4096 characters
   * (`ShapBaselineConfig.ShapBaseline`).
   *
   * @default - `baselineBucket` and `baselineKey`, or none (SageMaker Clarify then needs a baseline in each request)
   */
  readonly baseline?: string;

  /**
   * The bucket of an S3 object that holds the baseline (`ShapBaselineConfig.ShapBaselineUri`).
   * Each hosted model's execution role may read exactly that object.
   *
   * @default - inline `baseline`
   */
  readonly baselineBucket?: s3.IBucket;

  /**
   * The key of the baseline object in `baselineBucket`.
   *
   * @default - required with `baselineBucket`
   */
  readonly baselineKey?: string;

  /**
   * The MIME type of the baseline (`ShapBaselineConfig.MimeType`), for example `text/csv` or
   * `application/jsonlines`.
   *
   * @default - `text/csv`, SageMaker's default
   */
  readonly mimeType?: string;

  /**
   * The number of samples in the synthetic dataset of the analysis, 1 or more (`NumberOfSamples`).
   *
   * @default - SageMaker's default
   */
  readonly numberOfSamples?: number;

  /**
   * The seed of the sample generator, for reproducible explanations (`Seed`).
   *
   * @default - random
   */
  readonly seed?: number;

  /**
   * Explain the logit of the model's prediction instead of the prediction (`UseLogit`).
   *
   * @default false
   */
  readonly useLogit?: boolean;

  /**
   * How text features are explained (`TextConfig`).
   *
   * @default - no text features
   */
  readonly text?: ShapTextProps;
}

/**
 * How SageMaker Clarify reads the model's requests and responses (`ClarifyInferenceConfig`).
 * Every field is optional; set those your model's format needs.
 *
 * @see https://docs.aws.amazon.com/sagemaker/latest/dg/clarify-online-explainability-create-endpoint.html
 */
export interface ExplainerInferenceProps {
  /**
   * The template of a JSON Lines request record, with `$features` or `$record` (`ContentTemplate`).
   *
   * @default - none
   */
  readonly contentTemplate?: string;

  /**
   * The JMESPath of the features in a JSON Lines request (`FeaturesAttribute`).
   *
   * @default - none
   */
  readonly featuresAttribute?: string;

  /**
   * The names of the features, 1 to 256 (`FeatureHeaders`).
   *
   * @default - none
   */
  readonly featureHeaders?: string[];

  /**
   * The types of the features, 1 to 256 (`FeatureTypes`).
   *
   * @default - none
   */
  readonly featureTypes?: FeatureType[];

  /**
   * The JMESPath of the predicted label in the response (`LabelAttribute`).
   *
   * @default - none
   */
  readonly labelAttribute?: string;

  /**
   * The index of the predicted label in a CSV response, 0 or more (`LabelIndex`).
   *
   * @default - none
   */
  readonly labelIndex?: number;

  /**
   * The names of the labels, 1 to 16 (`LabelHeaders`).
   *
   * @default - none
   */
  readonly labelHeaders?: string[];

  /**
   * The JMESPath of the probability in the response (`ProbabilityAttribute`).
   *
   * @default - none
   */
  readonly probabilityAttribute?: string;

  /**
   * The index of the probability in a CSV response, 0 or more (`ProbabilityIndex`).
   *
   * @default - none
   */
  readonly probabilityIndex?: number;

  /**
   * The largest request payload Clarify sends to the model: 1 to 25 MiB, in whole MiB
   * (`MaxPayloadInMB`).
   *
   * @default - SageMaker's default
   */
  readonly maxPayload?: Size;

  /**
   * The most records in one request to the model, 1 or more (`MaxRecordCount`).
   *
   * @default - SageMaker's default
   */
  readonly maxRecordCount?: number;
}

/**
 * Online explainability with SageMaker Clarify (`ExplainerConfig.ClarifyExplainerConfig`): the
 * endpoint returns SHAP explanations of its predictions.
 *
 * @see https://docs.aws.amazon.com/sagemaker/latest/dg/clarify-online-explainability.html
 */
export interface ExplainerProps {
  /**
   * The SHAP analysis (`ShapConfig`).
   */
  readonly shap: ShapProps;

  /**
   * A JMESPath expression over the prediction that decides which requests are explained, up to
   * 64 characters (`EnableExplanations`), for example `` `true` `` (every request).
   *
   * @default - every request is explained
   */
  readonly enableExplanations?: string;

  /**
   * How Clarify reads the model's requests and responses (`InferenceConfig`).
   *
   * @default - the model's format as SageMaker Clarify detects it
   */
  readonly inference?: ExplainerInferenceProps;
}
