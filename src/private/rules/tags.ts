import { CfnResource, TagManager, Token } from 'aws-cdk-lib';
import { Rule } from './rule';

/** Tag limits shared by Model, EndpointConfig and Endpoint (sagemaker-constraints.md §1-§3, Tags). */
const MAX_TAGS = 50;
const TAG_PATTERN = /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u;

interface RenderedTag {
  readonly key: string;
  readonly value: string;
}

/** The tags a resource will be deployed with (after `Tags.of()` aspects ran), or [] if not taggable. */
function renderedTags(resource: CfnResource): RenderedTag[] {
  if (!TagManager.isTaggable(resource)) {
    return [];
  }
  const rendered = resource.tags.renderTags();
  return Array.isArray(rendered) ? rendered as RenderedTag[] : [];
}

/** The four tag rules of a resource; `resource` picks the L1 out of the rule input. */
export function tagRules<T>(prefix: string, resource: (input: T) => CfnResource): Array<Rule<T>> {
  const keys = (input: T) => renderedTags(resource(input)).filter(t => !Token.isUnresolved(t.key));
  return [
    {
      id: `${prefix}.tags.count`,
      source: '§1-§3 Tags: 0-50 items',
      check: input => {
        const count = renderedTags(resource(input)).length;
        return count > MAX_TAGS ? `tags must be at most ${MAX_TAGS} per resource (got ${count})` : undefined;
      },
    },
    {
      id: `${prefix}.tags.key`,
      source: '§1-§3 Tags: Key pattern, 1-128 characters',
      check: input => keys(input)
        .filter(({ key }) => key.length < 1 || key.length > 128 || !TAG_PATTERN.test(key))
        .map(({ key }) => `tag key '${key}' must be 1 to 128 letters, digits, spaces and _.:/=+-@ (got ${key.length} characters)`),
    },
    {
      id: `${prefix}.tags.reservedKey`,
      source: '§1 Tags: keys starting aws: are reserved',
      check: input => keys(input)
        .filter(({ key }) => TAG_PATTERN.test(key) && key.length <= 128 && key.toLowerCase().startsWith('aws:'))
        .map(({ key }) => `tag key '${key}' must not start with 'aws:' (reserved for AWS)`),
    },
    {
      id: `${prefix}.tags.value`,
      source: '§1-§3 Tags: Value pattern, 0-256 characters',
      check: input => renderedTags(resource(input))
        .filter(({ value }) => !Token.isUnresolved(value) && (value.length > 256 || !TAG_PATTERN.test(value)))
        .map(({ key, value }) => `tag '${key}' value must be up to 256 letters, digits, spaces and _.:/=+-@ `
          + `(got '${value.slice(0, 40)}', ${value.length} characters)`),
    },
  ];
}
