import { NON_DLC_REPOSITORIES, REGISTRIES } from '../image-registries.generated';
import { checkString, literal, show, STRING_RULES } from '../validation';
import { MODEL_LIMITS, range } from './limits';
import { problem, py, RuleSet } from './rule';

/*
 * The rules of the images a container is built from (CloudFormation AWS::SageMaker::Model ContainerDefinition Image):
 * `ContainerImage.fromRegistry()`, `fromEcrRepository()` and `fromDlc()`.
 */

/** `ContainerImage.fromRegistry()`. */
export const REGISTRY_IMAGE: RuleSet<string> = {
  name: 'Registry image',
  rules: [{
    id: 'image.imageUri',
    source: 'CloudFormation AWS::SageMaker::Model ContainerDefinition Image (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-model-containerdefinition.html)',
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
  /** The region of the stack (a token when unknown). */
  readonly region?: string;
}

/** An image URI given where a repository name is expected (`763104351884.dkr.ecr.<region>.amazonaws.com/djl-inference:tag`). */
const IMAGE_URI = /^(?:[a-z]+:\/\/)?(?:(\d{12})\.dkr\.ecr\.[^/]+|[^/]*\.(?:amazonaws\.com|amazonaws\.com\.cn))\/([^:@]+)(?:[:@](.*))?$/i;

/** The registries of SageMaker's own images that are not in the Deep Learning Containers registry. */
function nonDlcRegistries(name: string): Readonly<Record<string, string>> | undefined {
  return Object.prototype.hasOwnProperty.call(NON_DLC_REPOSITORIES, name) ? REGISTRIES[NON_DLC_REPOSITORIES[name]] : undefined;
}

/** Image tags (the Docker tag grammar; the length is bounded by `Image`'s 255) and SHA-256 digests. */
const IMAGE_TAG = /^[a-zA-Z0-9_][a-zA-Z0-9_.-]*$/;
const IMAGE_DIGEST = new RegExp(`^sha256:[a-f0-9]{${MODEL_LIMITS.digestHexDigits}}$`);
/** ECR repository names: lowercase path components. */
const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

export const ECR_IMAGE: RuleSet<EcrImageInput> = {
  name: 'ECR image',
  cfn: 'it checks the arguments of ContainerImage.fromEcrRepository() and fromDlc() (repository, tag, account) and names them so',
  rules: [
    {
      id: 'image.tag',
      source: 'CloudFormation AWS::SageMaker::Model ContainerDefinition Image (registry/repo[:tag] or [@digest]; the ECR tag and digest formats) (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-model-containerdefinition.html)',
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
      id: 'image.repositoryName.imageUri',
      source: 'SageMaker API ContainerDefinition Image (<registry>/<repository>[:tag]): fromDlc() builds the registry and tag itself (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContainerDefinition.html)',
      check: ({ factory, repositoryName: name }) => {
        const uri = factory === 'fromDlc' && literal(name) ? IMAGE_URI.exec(name) : null;
        return uri
          ? problem(`ContainerImage.${factory} repositoryName is a whole image URI, not a repository name`, 'repositoryName', show(name),
            `the repository name alone, ${show(uri[2])}, with the tag${uri[3] ? ` ${show(uri[3])}` : ''} as the second argument`
            + `${uri[1] ? ` and ${show(uri[1])} as accountId (account_id) if it is not the Deep Learning Containers account` : ''}`)
          : undefined;
      },
    },
    {
      id: 'image.repositoryName.notDlc',
      source: 'SageMaker Python SDK v3 image tables (sagemaker-core image_uri_config): these repositories are hosted in other '
        + 'accounts than the Deep Learning Containers registry, which fromDlc() uses without accountId '
        + '(https://pypi.org/project/sagemaker-core/, https://github.com/aws/deep-learning-containers/blob/master/available_images.md)',
      check: ({ factory, repositoryName: name, accountId, region }) => {
        const registries = factory === 'fromDlc' && accountId === undefined && literal(name) ? nonDlcRegistries(name) : undefined;
        if (!registries) {
          return undefined;
        }
        const here = literal(region) ? registries[region] : undefined;
        const example = here ? `${show(here)} in ${region}` : Object.entries(registries).slice(0, 2).map(([r, a]) => `${show(a)} in ${r}`).join(', ');
        return problem(`ContainerImage.${factory} repository ${show(name)} is not in the AWS Deep Learning Containers registry: SageMaker `
          + 'hosts its own images for this framework or algorithm in other accounts, one per region, so the image rendered with the DLC '
          + 'account cannot be pulled', 'accountId', 'unset (the Deep Learning Containers account)',
        `the account that hosts ${show(name)} in the stack's region as accountId (account_id), ${example}; `
          + 'or ContainerImage.fromEcrRepository() (from_ecr_repository()) with the repository of that account');
      },
    },
    {
      // Warnings: the alpha module's own tests use names such as 'anyRepositoryName'.
      id: 'image.repositoryName.dlcRepositoryName',
      source: 'CloudFormation AWS::SageMaker::Model ContainerDefinition Image (the ECR repository name format) (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-model-containerdefinition.html)',
      severity: 'warning',
      check: ({ factory, repositoryName: name }) => literal(name) && !IMAGE_URI.test(name) && (name.length < MODEL_LIMITS.repositoryNameLength.min
        || name.length > MODEL_LIMITS.repositoryNameLength.max || !REPOSITORY_NAME.test(name))
        ? `${py(`ContainerImage.${factory}()`)} ${py('repositoryName')} ${show(name)} is not an ECR repository name (${range(MODEL_LIMITS.repositoryNameLength)} `
          + 'lowercase letters and digits in components separated by \'._-/\', such as \'pytorch-inference\'); the image cannot be pulled'
        : undefined,
    },
    {
      id: 'image.accountId.dlcAccountId',
      source: 'CloudFormation AWS::SageMaker::Model ContainerDefinition Image (an ECR registry is an account id) (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-model-containerdefinition.html)',
      severity: 'warning',
      check: ({ factory, accountId }) => literal(accountId) && !/^\d{12}$/.test(accountId)
        ? `${py(`ContainerImage.${factory}()`)} ${py('accountId')} ${show(accountId)} is not a 12-digit AWS account id; the image cannot be pulled`
        : undefined,
    },
  ],
};
