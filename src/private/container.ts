import { CfnModel } from 'aws-cdk-lib/aws-sagemaker';
import { ContainerDefinition, ContainerMode } from '../container-definition';
import { ContainerImageConfig, RepositoryAccessMode } from '../container-image';
import type { Model } from '../model';
import { CompressionType, ModelDataConfig, S3DataType } from '../model-data';
import type { IModelPackage } from '../model-package';
import { BRANDS, hasBrand, PackageFacts, RegisteredPackage } from './facts';
import { BOUND_CONTAINER, CONTAINER } from './rules/container';
import { enforce } from './rules/rule';
import { SERVED_CONTAINER } from './rules/serving';
import { ServedContainer, servingImageFacts, tensorParallelOf } from './serving';

/*
 * A container of a Model: bound (its image and model data bind, granting the role), checked, and
 * rendered once, when it is added. The Model stores the result.
 */

/** Model data as bound, with its defaults resolved once: the rules and the renderer read these. */
export interface BoundModelData {
  /** The S3 URI of the object or prefix. */
  readonly uri: string;
  readonly s3DataType: S3DataType;
  readonly compressionType: CompressionType;
  readonly acceptEula: boolean;
}

/** A container as the Model stores it. */
export interface BoundContainer {
  readonly index: number;
  readonly hostname?: string;
  readonly mode: ContainerMode;
  readonly image?: ContainerImageConfig;
  readonly data?: BoundModelData;
  readonly environment?: { [key: string]: string };
  /** What a container of a `ServingImage` runs (undefined for any other image). */
  readonly served?: ServedContainer;
  /** The model package registered in the app that the container serves. */
  readonly registeredPackage?: RegisteredPackage;
  /** The container as CloudFormation gets it. */
  readonly property: CfnModel.ContainerDefinitionProperty;
}

/** Model data as bound, with SageMaker's defaults. */
export function resolvedModelData(config: ModelDataConfig | undefined): BoundModelData | undefined {
  return config && {
    uri: config.uri,
    s3DataType: config.s3DataType ?? S3DataType.S3_OBJECT,
    compressionType: config.compressionType ?? CompressionType.GZIP,
    acceptEula: config.acceptEula ?? false,
  };
}

/** Bind, check and render a container of `model` (the `index`th). */
export function bindContainer(model: Model, container: ContainerDefinition, index: number, inVpc: boolean,
  networkIsolation: boolean): BoundContainer {
  const where = `containers[${index}]`;
  const mode = container.mode ?? ContainerMode.SINGLE_MODEL;
  enforce(model, CONTAINER, { where, container, mode });
  const image = container.image?.bind(model, model);
  const data = resolvedModelData(container.modelData?.bind(model, model));
  // A model package's images and data, where they are known: the role is granted them as its own.
  const sources = container.modelPackage?.sources;
  for (const source of sources?.images ?? []) {
    source.bind(model, model);
  }
  for (const source of sources?.modelData ?? []) {
    source.bind(model, model);
  }
  const registered = container.modelPackage && hasBrand(container.modelPackage, BRANDS.modelPackage)
    ? (container.modelPackage as IModelPackage & { _packageFacts(): PackageFacts })._packageFacts() : undefined;
  enforce(model, BOUND_CONTAINER, {
    where,
    mode,
    data,
    privateRegistry: image?.repositoryAccessMode === RepositoryAccessMode.VPC,
    inVpc,
  });
  const facts = servingImageFacts(container.image);
  const tp = facts ? tensorParallelOf(facts.engine, container.environment) : {};
  const served: ServedContainer | undefined = facts && {
    where,
    image: facts.description,
    engine: facts.engine,
    accelerator: facts.accelerator,
    cuda13: facts.cuda13,
    tensorParallelDegree: tp.degree,
    tensorParallelVariable: tp.variable,
  };
  enforce(model, SERVED_CONTAINER, {
    where,
    served,
    version: facts?.version,
    environment: container.environment,
    modelData: container.modelData !== undefined,
    networkIsolation,
  });
  return {
    index,
    hostname: container.containerHostname,
    mode,
    image,
    data,
    environment: container.environment,
    served,
    registeredPackage: registered && { ...registered, where: `${where}.modelPackage` },
    property: {
      image: image?.imageName,
      imageConfig: renderImageConfig(image),
      modelPackageName: container.modelPackage?.modelPackageArn,
      containerHostname: container.containerHostname,
      environment: container.environment,
      mode: container.mode,
      multiModelConfig: container.modelCacheEnabled === undefined ? undefined : {
        modelCacheSetting: container.modelCacheEnabled ? 'Enabled' : 'Disabled',
      },
      ...renderModelData(mode, data),
    },
  };
}

function renderImageConfig(config?: ContainerImageConfig): CfnModel.ImageConfigProperty | undefined {
  if (!config?.repositoryAccessMode || config.repositoryAccessMode === RepositoryAccessMode.PLATFORM) {
    return undefined;
  }
  return {
    repositoryAccessMode: config.repositoryAccessMode,
    repositoryAuthConfig: config.repositoryCredentialsProviderArn
      ? { repositoryCredentialsProviderArn: config.repositoryCredentialsProviderArn }
      : undefined,
  };
}

/**
 * `ModelDataUrl` for a gzip archive (or a multi-model prefix of archives), `ModelDataSource` for
 * uncompressed data, a prefix, or an accepted EULA.
 */
export function renderModelData(mode: ContainerMode | undefined, data?: BoundModelData)
  : Pick<CfnModel.ContainerDefinitionProperty, 'modelDataUrl' | 'modelDataSource'> {
  if (!data) {
    return {};
  }
  if (mode === ContainerMode.MULTI_MODEL
    || (data.s3DataType === S3DataType.S3_OBJECT && data.compressionType === CompressionType.GZIP && !data.acceptEula)) {
    return { modelDataUrl: data.uri };
  }
  return {
    modelDataSource: {
      s3DataSource: {
        s3Uri: data.uri,
        s3DataType: data.s3DataType,
        compressionType: data.compressionType,
        modelAccessConfig: data.acceptEula ? { acceptEula: true } : undefined,
      },
    },
  };
}
