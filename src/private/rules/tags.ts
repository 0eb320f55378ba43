import { CfnResource, TagManager, Token } from 'aws-cdk-lib';
import { range, TAG_LIMITS } from './limits';
import { Rule } from './rule';

/** Tag rules shared by Model, EndpointConfig and Endpoint (CloudFormation AWS::SageMaker::Model, AWS::SageMaker::EndpointConfig and AWS::SageMaker::Endpoint, Tags). */
const TAG_PATTERN = /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u;
const TAG_CHARACTERS = 'letters, digits, spaces and _.:/=+-@';

export interface RenderedTag {
  readonly key: string;
  readonly value: string;
}

/**
 * The tags a resource will be deployed with (after `Tags.of()` aspects ran), or [] if not taggable:
 * rendered once per validation, into the input of the rules.
 */
export function renderedTags(resource: CfnResource): RenderedTag[] {
  if (!TagManager.isTaggable(resource)) {
    return [];
  }
  const rendered = resource.tags.renderTags();
  return Array.isArray(rendered) ? rendered as RenderedTag[] : [];
}

const validKey = (key: string) => key.length >= TAG_LIMITS.keyLength.min && key.length <= TAG_LIMITS.keyLength.max
  && TAG_PATTERN.test(key);

/** The four tag rules of a resource; `tags` picks its rendered tags out of the rule input. */
export function tagRules<T>(prefix: string, tags: (input: T) => readonly RenderedTag[]): Array<Rule<T>> {
  const keys = (input: T) => tags(input).filter(t => !Token.isUnresolved(t.key));
  return [
    {
      id: `${prefix}.tags.count`,
      source: 'CloudFormation resource tags: 0-50 items (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-resource-tags.html)',
      check: input => {
        const count = tags(input).length;
        return count > TAG_LIMITS.count
          ? `too many tags on one resource (tags: got ${count}; allowed at most ${TAG_LIMITS.count})`
          : undefined;
      },
    },
    {
      id: `${prefix}.tags.key`,
      source: 'CloudFormation resource tags: Key pattern, 1-128 characters (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-resource-tags.html)',
      check: input => keys(input)
        .filter(({ key }) => !validKey(key))
        .map(({ key }) => `tag key '${key}' is not a valid tag key (tag key: got '${key}', ${key.length} characters; `
          + `allowed ${range(TAG_LIMITS.keyLength)} ${TAG_CHARACTERS})`),
    },
    {
      id: `${prefix}.tags.reservedKey`,
      source: 'AWS tags: keys starting aws: are reserved (https://docs.aws.amazon.com/tag-editor/latest/userguide/best-practices-and-strats.html)',
      check: input => keys(input)
        .filter(({ key }) => validKey(key) && key.toLowerCase().startsWith('aws:'))
        .map(({ key }) => `tag key '${key}' must not start with 'aws:', which is reserved for AWS (tag key: got '${key}'; `
          + 'allowed any key not starting with \'aws:\')'),
    },
    {
      id: `${prefix}.tags.value`,
      source: 'CloudFormation resource tags: Value pattern, 0-256 characters (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-resource-tags.html)',
      check: input => tags(input)
        .filter(({ value }) => !Token.isUnresolved(value) && (value.length > TAG_LIMITS.valueLength || !TAG_PATTERN.test(value)))
        .map(({ key, value }) => `tag '${key}' has an invalid value (tag value: got '${value.slice(0, 40)}', ${value.length} `
          + `characters; allowed up to ${TAG_LIMITS.valueLength} ${TAG_CHARACTERS})`),
    },
  ];
}
