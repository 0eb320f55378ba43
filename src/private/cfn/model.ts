import { ContainerMode, InferenceExecutionMode } from '../../container-definition';
import { CompressionType, S3DataType } from '../../model-data';
import type { ModelFacts } from '../facts';
import { BOUND_CONTAINER, CONTAINER } from '../rules/container';
import { REGISTRY_IMAGE } from '../rules/container-image';
import { MODEL, MODEL_PROPS, ModelContainer } from '../rules/model';
import { MODEL_PACKAGE } from '../rules/model-package';
import { SERVED_CONTAINER } from '../rules/serving';
import { ENGINES, ServedContainer, tensorParallelOf } from '../serving';
import { SERVING_IMAGES } from '../serving-images.generated';
import { bool, list, naming, Naming, obj, resourceIdText, str, TemplateResource, TemplateView } from './template';
import { environmentOf, Run, tagsOf } from './values';

/*
 * The CloudFormation door for AWS::SageMaker::Model: its containers into the container and model
 * tables (a container whose image is one of SageMaker's serving images also into the serving tables),
 * and what an endpoint configuration's rules need to know of a model of the template.
 */

/** The containers of a model's properties: `Containers`, or the one `PrimaryContainer`. */
function containersOf(resource: TemplateResource): { containers: Array<Record<string, any>>; primary: boolean } | undefined {
  const p = resource.properties;
  if (p.Containers !== undefined) {
    const containers = list(p.Containers);
    return containers && { containers: containers.map(c => obj(c) ?? {}), primary: false };
  }
  return { containers: p.PrimaryContainer !== undefined ? [obj(p.PrimaryContainer) ?? {}] : [], primary: true };
}

function modeOf(container: Record<string, any>): ContainerMode {
  return str(container.Mode) === ContainerMode.MULTI_MODEL ? ContainerMode.MULTI_MODEL : ContainerMode.SINGLE_MODEL;
}

/** The model data of a container as the rules read it: `ModelDataSource.S3DataSource`, or `ModelDataUrl`. */
function modelDataOf(container: Record<string, any>, mode: ContainerMode) {
  const source = obj(obj(container.ModelDataSource)?.S3DataSource);
  if (source) {
    return {
      uri: str(source.S3Uri) ?? '',
      s3DataType: str(source.S3DataType) as S3DataType,
      compressionType: str(source.CompressionType) as CompressionType,
      acceptEula: bool(obj(source.ModelAccessConfig)?.AcceptEula) ?? false,
    };
  }
  if (container.ModelDataUrl === undefined) {
    return undefined;
  }
  // a multi-model container's ModelDataUrl is the prefix of its models; any other's is a .tar.gz object
  return {
    uri: str(container.ModelDataUrl)!,
    s3DataType: mode === ContainerMode.MULTI_MODEL ? S3DataType.S3_PREFIX : S3DataType.S3_OBJECT,
    compressionType: CompressionType.GZIP,
    acceptEula: false,
  };
}

function modelNaming(primary: boolean): Naming {
  return naming(name => {
    const m = /^containers\[(\d+)\](?:\.(.*))?$/.exec(name);
    if (m) {
      const at = primary ? 'PrimaryContainer' : `Containers[${m[1]}]`;
      const env = /^environment(\[.*\]| key)?$/.exec(m[2] ?? '');
      return { at: env ? `${at}.Environment${env[1] === ' key' ? '' : env[1] ?? ''}` : at, rest: env ? '' : m[2] ?? '' };
    }
    if (name === 'environment key' || name === 'environment') {
      return { at: primary ? 'PrimaryContainer.Environment' : 'Containers[].Environment', rest: '' };
    }
    if (name === 'role ARN') {
      return { at: 'ExecutionRoleArn', rest: '' };
    }
    if (name.startsWith('securityGroups')) {
      return { at: 'VpcConfig.SecurityGroupIds', rest: '' };
    }
    if (name.startsWith('vpcSubnets')) {
      return { at: 'VpcConfig.Subnets', rest: '' };
    }
    if (name === 'containerHostname' || name === 'mode') {
      return { at: `${primary ? 'PrimaryContainer' : 'Containers[]'}.${name === 'mode' ? 'Mode' : 'ContainerHostname'}`, rest: '' };
    }
    return undefined;
  });
}

export function checkModel(r: TemplateResource, run: Run): void {
  const p = r.properties;
  const names = modelNaming(containersOf(r)?.primary ?? true);
  const roleArn = str(p.ExecutionRoleArn);
  run(MODEL_PROPS, { modelName: str(p.ModelName), role: roleArn !== undefined ? { roleArn } : undefined }, names);
  const of = containersOf(r);
  if (!of) {
    return;
  }
  const vpc = obj(p.VpcConfig);
  const networkIsolation = bool(p.EnableNetworkIsolation) ?? false;
  const bound = of.containers.map((c, index): ModelContainer => {
    const mode = modeOf(c);
    const where = `containers[${index}]`;
    const cache = str(obj(c.MultiModelConfig)?.ModelCacheSetting);
    const environment = environmentOf(c.Environment);
    run(CONTAINER, {
      where,
      mode,
      container: {
        image: c.Image !== undefined ? {} : undefined,
        modelPackage: c.ModelPackageName !== undefined ? {} : undefined,
        modelData: c.ModelDataUrl !== undefined || c.ModelDataSource !== undefined ? {} : undefined,
        containerHostname: str(c.ContainerHostname),
        environment,
        modelCacheEnabled: cache === undefined ? undefined : cache === 'Enabled',
      },
    }, names);
    const data = modelDataOf(c, mode);
    run(BOUND_CONTAINER, {
      where,
      mode,
      data,
      privateRegistry: str(obj(obj(c.ImageConfig))?.RepositoryAccessMode) === 'Vpc',
      inVpc: p.VpcConfig !== undefined,
    }, names);
    const containerAt = of.primary ? 'PrimaryContainer' : `Containers[${index}]`;
    const image = servingImageOf(c.Image);
    if (image) {
      run(SERVED_CONTAINER, {
        where,
        served: servedContainer(where, image, environment),
        version: image.version,
        environment,
        modelData: c.ModelDataUrl !== undefined || c.ModelDataSource !== undefined,
        networkIsolation,
      }, names);
    }
    if (c.Image !== undefined) {
      run(REGISTRY_IMAGE, str(c.Image)!, naming(() => ({ at: `${containerAt}.Image`, rest: '' })));
    }
    if (typeof c.ModelPackageName === 'string') {
      run(MODEL_PACKAGE, c.ModelPackageName, naming(() => ({ at: `${containerAt}.ModelPackageName`, rest: '' })));
    }
    return { index, hostname: str(c.ContainerHostname), mode, environment };
  });
  const securityGroups = vpc ? list(vpc.SecurityGroupIds) : undefined;
  const subnets = vpc ? list(vpc.Subnets) : undefined;
  run(MODEL, {
    inferenceExecutionMode: str(obj(p.InferenceExecutionConfig)?.Mode) as InferenceExecutionMode | undefined,
    containers: bound,
    network: vpc && securityGroups && subnets
      ? { securityGroupIds: securityGroups.map(id => str(id)!), subnetIds: subnets.map(s => str(s)!) }
      : undefined,
    tags: tagsOf(r),
  }, names);
}

/** An image of SageMaker's serving engines (the table `ServingImage` is generated from), by its repository and tag. */
interface ServingImageOf {
  readonly engine: string;
  readonly accelerator: string;
  readonly version: string;
  readonly repository: string;
  readonly tag: string;
}

/**
 * The serving image an `Image` names: its repository and tag (the end of the URI, literal also when the
 * account and region are computed, as `ServingImage` renders them in an environment-agnostic stack)
 * are those of exactly one engine and accelerator of the table. An image the table lists for two
 * accelerators (XGBoost: one image for CPU and GPU) is not one: its instance types are not checked.
 */
function servingImageOf(value: unknown): ServingImageOf | undefined {
  const uri = resourceIdText(value);
  const m = uri === undefined ? null : /\.dkr\.ecr\.[^/]*\/([a-z0-9._/-]+):([A-Za-z0-9._-]+)$/.exec(uri);
  if (!m) {
    return undefined;
  }
  const found: ServingImageOf[] = [];
  for (const [engine, accelerators] of Object.entries(SERVING_IMAGES)) {
    for (const [accelerator, versions] of Object.entries(accelerators)) {
      for (const [version, [repository, tag]] of Object.entries(versions)) {
        if (repository === m[1] && tag === m[2]) {
          found.push({ engine, accelerator, version, repository, tag });
        }
      }
    }
  }
  return found.length === 1 ? found[0] : undefined;
}

/** What the serving rules read of a container running a serving image. */
function servedContainer(where: string, image: ServingImageOf, environment?: { [key: string]: string }): ServedContainer {
  const engine = ENGINES[image.engine];
  const tp = tensorParallelOf(engine, environment);
  return {
    where,
    image: `${image.repository}:${image.tag}`,
    engine,
    accelerator: image.accelerator,
    cuda13: /(^|-)cu13\d/.test(image.tag),
    tensorParallelDegree: tp.degree,
    tensorParallelVariable: tp.variable,
  };
}

/** What an endpoint configuration's rules need to know of a model of the template (nothing for a model it does not hold). */
export function modelFactsOf(model: TemplateResource | undefined, view?: TemplateView): ModelFacts | undefined {
  const of = model && containersOf(model);
  if (!model || !of) {
    return undefined;
  }
  const p = model.properties;
  const exclusions: Array<{ text: string; shadow: boolean }> = [];
  if (p.VpcConfig !== undefined) {
    exclusions.push({ text: 'a VPC (VpcConfig)', shadow: false });
  }
  if (bool(p.EnableNetworkIsolation)) {
    exclusions.push({ text: 'network isolation (EnableNetworkIsolation)', shadow: false });
  }
  if (of.containers.length > 1) {
    exclusions.push({ text: `${of.containers.length} containers (an inference pipeline or direct invocation)`, shadow: true });
  }
  of.containers.forEach((c, i) => {
    const at = of.primary ? 'PrimaryContainer' : `Containers[${i}]`;
    if (modeOf(c) === ContainerMode.MULTI_MODEL) {
      exclusions.push({ text: `a multi-model container (${at}.Mode MultiModel)`, shadow: true });
    }
    if (str(obj(c.ImageConfig)?.RepositoryAccessMode) === 'Vpc') {
      exclusions.push({ text: `a private registry image (${at}.ImageConfig)`, shadow: false });
    }
    if (c.ModelDataSource !== undefined) {
      exclusions.push({ text: `uncompressed or prefix model data (${at}.ModelDataSource)`, shadow: false });
    }
  });
  return {
    multiModel: of.containers.some(c => modeOf(c) === ContainerMode.MULTI_MODEL),
    serverlessExclusions: exclusions.map(e => e.text),
    shadowExclusions: exclusions.filter(e => e.shadow).map(e => e.text),
    modelPackages: of.containers.flatMap((c, i) => c.ModelPackageName !== undefined
      ? [of.primary ? 'PrimaryContainer.ModelPackageName' : `Containers[${i}].ModelPackageName`] : []),
    directHostnames: str(obj(p.InferenceExecutionConfig)?.Mode) === InferenceExecutionMode.DIRECT
      ? of.containers.map(c => str(c.ContainerHostname) ?? '') : undefined,
    served: of.containers.flatMap((c, i) => {
      const image = servingImageOf(c.Image);
      return image ? [servedContainer(`containers[${i}]`, image, environmentOf(c.Environment))] : [];
    }),
    registeredPackages: view ? of.containers.flatMap((c, i) => {
      const registered = view.referenced(c.ModelPackageName, 'AWS::SageMaker::ModelPackage', 'ModelPackageName');
      const types = registered && list(obj(registered.properties.InferenceSpecification)?.SupportedRealtimeInferenceInstanceTypes);
      return registered ? [{
        where: of.primary ? 'PrimaryContainer.ModelPackageName' : `Containers[${i}].ModelPackageName`,
        path: registered.path ?? registered.logicalId,
        supportedInstanceTypes: types?.map(t => str(t)!),
      }] : [];
    }) : [],
  };
}
