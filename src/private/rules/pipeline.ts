import { Token } from 'aws-cdk-lib';
import { RuleSet } from './rule';
import { PipelineAttributes } from '../../pipeline';

/*
 * The rules of `Pipeline.fromPipelineAttributes()` (SageMaker CreatePipeline `PipelineName`).
 * The messages carry the id because the scope is the caller's, not the import's.
 */

/** Pipeline names: 1 to 256 characters. */
const PIPELINE_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/;

/** The attributes of an import and its construct id. */
export interface PipelineImportInput {
  readonly id: string;
  readonly attrs: PipelineAttributes;
}

export const PIPELINE_IMPORT: RuleSet<PipelineImportInput> = {
  name: 'Pipeline import',
  rules: [
    {
      id: 'pipeline.arnOrName',
      source: 'alpha (an import needs a name or an ARN)',
      check: ({ id, attrs }) => attrs.pipelineArn === undefined && attrs.pipelineName === undefined
        ? `Pipeline '${id}': Either pipelineArn or pipelineName must be provided`
        : undefined,
    },
    {
      id: 'pipeline.pipelineName',
      source: 'API CreatePipeline PipelineName',
      check: ({ id, attrs: { pipelineArn, pipelineName: name } }) => pipelineArn === undefined && name !== undefined
        && !Token.isUnresolved(name) && (name.length < 1 || name.length > 256 || !PIPELINE_NAME.test(name))
        ? `Pipeline '${id}': Invalid pipeline name format: '${name}'. A pipeline name is 1 to 256 letters, `
          + 'digits and hyphens, starting and ending with a letter or digit.'
        : undefined,
    },
  ],
};

/** Every Pipeline rule set, for the rule counts. */
export const PIPELINE_RULE_SETS: ReadonlyArray<RuleSet<any>> = [PIPELINE_IMPORT];
