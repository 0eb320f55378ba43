import { checkString, literal, show, STRING_RULES } from '../validation';
import { MODEL_LIMITS, range } from './limits';
import { problem, RuleSet } from './rule';

/*
 * The rules of the images a container is built from (sagemaker-constraints.md §1.1 Image):
 * `ContainerImage.fromRegistry()`, `fromEcrRepository()` and `fromDlc()`.
 */

/** `ContainerImage.fromRegistry()`. */
export const REGISTRY_IMAGE: RuleSet<string> = {
  name: 'Registry image',
  rules: [{
    id: 'image.imageUri',
    source: '§1.1 Image',
    check: uri => checkString('ContainerImage.fromRegistry imageUri', uri, STRING_RULES.imageUri),
  }],
};

/** An image in ECR: `ContainerImage.fromEcrRepository()` or `fromDlc()`. */
export interface EcrImageInput {
  /** The factory, for the messages. */
  readonly factory: 'fromEcrRepository' | 'fromDlc';
  /** The tag, or for `fromEcrRepository` a digest (`sha256:...`). */
  readonly tag: string;
  /** The repository name, when the factory takes one. */
  readonly repositoryName?: string;
  /** The registry account, when the factory takes one. */
  readonly accountId?: string;
}

/** Image tags (the Docker tag grammar; the length is bounded by `Image`'s 255) and SHA-256 digests. */
const IMAGE_TAG = /^[a-zA-Z0-9_][a-zA-Z0-9_.-]*$/;
const IMAGE_DIGEST = new RegExp(`^sha256:[a-f0-9]{${MODEL_LIMITS.digestHexDigits}}$`);
/** ECR repository names: lowercase path components. */
const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

export const ECR_IMAGE: RuleSet<EcrImageInput> = {
  name: 'ECR image',
  rules: [
    {
      id: 'image.tag',
      source: '§1.1 Image (registry/repo[:tag] or [@digest]; the ECR tag and digest formats)',
      check: ({ factory, tag }) => {
        if (!literal(tag)) {
          return undefined;
        }
        const digest = factory === 'fromEcrRepository' && tag.startsWith('sha256:');
        if (digest ? IMAGE_DIGEST.test(tag) : IMAGE_TAG.test(tag)) {
          return undefined;
        }
        return digest
          ? problem(`ContainerImage.${factory} digest is not a SHA-256 digest`, 'digest', show(tag),
            `sha256: followed by ${MODEL_LIMITS.digestHexDigits} lowercase hexadecimal digits`)
          : problem(`ContainerImage.${factory} tag is not an image tag`, 'tag', show(tag),
            `letters, digits, '_', '.' and '-', not starting with '.' or '-'${factory === 'fromEcrRepository'
              ? `, or a digest sha256:<${MODEL_LIMITS.digestHexDigits} hexadecimal digits>` : ''}`);
      },
    },
    {
      // Warnings: the alpha module's own tests use names such as 'anyRepositoryName'.
      id: 'image.repositoryName.dlcRepositoryName',
      source: '§1.1 Image (the ECR repository name format)',
      severity: 'warning',
      check: ({ factory, repositoryName: name }) => literal(name) && (name.length < MODEL_LIMITS.repositoryNameLength.min
        || name.length > MODEL_LIMITS.repositoryNameLength.max || !REPOSITORY_NAME.test(name))
        ? `ContainerImage.${factory} repositoryName ${show(name)} is not an ECR repository name (${range(MODEL_LIMITS.repositoryNameLength)} `
          + 'lowercase letters and digits in components separated by \'._-/\', such as \'pytorch-inference\'); the image cannot be pulled'
        : undefined,
    },
    {
      id: 'image.accountId.dlcAccountId',
      source: '§1.1 Image (an ECR registry is an account id)',
      severity: 'warning',
      check: ({ factory, accountId }) => literal(accountId) && !/^\d{12}$/.test(accountId)
        ? `ContainerImage.${factory} accountId ${show(accountId)} is not a 12-digit AWS account id; the image cannot be pulled`
        : undefined,
    },
  ],
};
