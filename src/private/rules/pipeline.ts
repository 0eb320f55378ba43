import { Token } from 'aws-cdk-lib';
import { PIPELINE_NAME_LENGTH, range } from './limits';
import { problem, RuleSet } from './rule';
import type { PipelineAttributes } from '../../pipeline';

/*
 * The rules of `Pipeline.fromPipelineAttributes()` (SageMaker CreatePipeline `PipelineName`).
 * The messages carry the id because the scope is the caller's, not the import's.
 */

/** Pipeline names (their length is PIPELINE_NAME_LENGTH). */
const PIPELINE_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/;

/** The attributes of an import and its construct id. */
export interface PipelineImportInput {
  readonly id: string;
  readonly attrs: PipelineAttributes;
}

export const PIPELINE_IMPORT: RuleSet<PipelineImportInput> = {
  name: 'Pipeline import',
  cfn: 'it checks Pipeline.fromPipelineName()',
  rules: [
    {
      id: 'pipeline.arnOrName',
      source: '@aws-cdk/aws-sagemaker-alpha (an import needs a name or an ARN) (https://github.com/aws/aws-cdk/tree/main/packages/%40aws-cdk/aws-sagemaker-alpha)',
      check: ({ id, attrs }) => attrs.pipelineArn === undefined && attrs.pipelineName === undefined
        ? problem(`Pipeline '${id}': Either pipelineArn or pipelineName must be provided`, 'pipelineArn, pipelineName',
          'neither', 'one of them')
        : undefined,
    },
    {
      id: 'pipeline.pipelineName',
      source: 'SageMaker API CreatePipeline PipelineName (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreatePipeline.html)',
      check: ({ id, attrs: { pipelineArn, pipelineName: name } }) => pipelineArn === undefined && name !== undefined
        && !Token.isUnresolved(name) && (name.length < PIPELINE_NAME_LENGTH.min || name.length > PIPELINE_NAME_LENGTH.max
          || !PIPELINE_NAME.test(name))
        ? problem(`Pipeline '${id}': Invalid pipeline name format: '${name}'`, 'pipelineName', `'${name}', ${name.length} characters`,
          `${range(PIPELINE_NAME_LENGTH)} letters, digits and hyphens, starting and ending with a letter or digit`)
        : undefined,
    },
  ],
};
