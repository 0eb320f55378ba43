import { CfnResource, TagManager, Token } from 'aws-cdk-lib';

/** Tag limits of SageMaker resources (sagemaker-constraints.md §1-§3, Tags). */
const MAX_TAGS = 50;
const TAG_PATTERN = /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u;

/**
 * The problems of the tags a resource will be deployed with (after `Tags.of()` aspects ran):
 * at most 50, keys 1-128 and values 0-256 characters of letters, digits, spaces and `_.:/=+-@`,
 * no key starting with `aws:`. Tokens pass.
 */
export function tagProblems(resource: CfnResource): string[] {
  if (!TagManager.isTaggable(resource)) {
    return [];
  }
  const rendered = resource.tags.renderTags();
  if (!Array.isArray(rendered)) {
    return [];
  }
  const tags = rendered as Array<{ key: string; value: string }>;
  const problems: string[] = [];
  if (tags.length > MAX_TAGS) {
    problems.push(`tags must be at most ${MAX_TAGS} per resource (got ${tags.length})`);
  }
  for (const { key, value } of tags) {
    if (Token.isUnresolved(key)) {
      continue;
    }
    if (key.length < 1 || key.length > 128 || !TAG_PATTERN.test(key)) {
      problems.push(`tag key '${key}' must be 1 to 128 letters, digits, spaces and _.:/=+-@ (got ${key.length} characters)`);
    } else if (key.toLowerCase().startsWith('aws:')) {
      problems.push(`tag key '${key}' must not start with 'aws:' (reserved for AWS)`);
    }
    if (!Token.isUnresolved(value) && (value.length > 256 || !TAG_PATTERN.test(value))) {
      problems.push(`tag '${key}' value must be up to 256 letters, digits, spaces and _.:/=+-@ (got '${value.slice(0, 40)}', ${value.length} characters)`);
    }
  }
  return problems;
}
