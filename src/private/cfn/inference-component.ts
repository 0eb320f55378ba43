import { DEPLOYMENT_PATHS, deploymentSpecOf } from './endpoint';
import { modelFactsOf } from './model';
import { sagemakerTargets } from './scaling';
import { bool, list, naming, Naming, num, obj, resourceIdText, str, TemplateResource, TemplateView } from './template';
import { environmentOf, instanceType, Run, seconds, tagsOf } from './values';
import { configOf, instanceTypesOf, readVariants } from './variants';
import { CompressionType, S3DataType } from '../../model-data';
import { DEPLOYMENT_PROPS } from '../rules/deployment';
import { COMPONENT, COMPONENT_PROPS, COMPONENT_SPECIFICATION } from '../rules/inference-component';
import { ServedHost, SERVING_HOSTING } from '../rules/serving';

/*
 * The CloudFormation door for AWS::SageMaker::InferenceComponent: its props and each specification,
 * against the endpoint configuration's variant it is placed on.
 */

/** What the rules read of one specification (`Specification`, or an entry of `Specifications`). */
function componentSpecification(spec: Record<string, any>) {
  const container = obj(spec.Container);
  const metrics = obj(list(obj(container?.ContainerMetricsConfig)?.MetricsEndpoints)?.[0]);
  const requirements = obj(spec.ComputeResourceRequirements);
  const startup = obj(spec.StartupParameters);
  const scheduling = obj(spec.SchedulingConfig);
  return {
    model: spec.ModelName !== undefined ? {} : undefined,
    container: container && {
      image: container.Image !== undefined ? {} : undefined,
      artifact: container.ArtifactUrl !== undefined ? {} : undefined,
      environment: environmentOf(container?.Environment),
      metricsEndpoint: metrics && { path: str(metrics.MetricsEndpointPath), publishFrequency: seconds(metrics.MetricPublishFrequencyInSeconds) },
    },
    computeResourceRequirements: requirements && {
      minMemoryRequiredInMb: num(requirements.MinMemoryRequiredInMb),
      maxMemoryRequiredInMb: num(requirements.MaxMemoryRequiredInMb),
      numberOfCpuCoresRequired: num(requirements.NumberOfCpuCoresRequired),
      numberOfAcceleratorDevicesRequired: num(requirements.NumberOfAcceleratorDevicesRequired),
    },
    startupParameters: startup && {
      modelDataDownloadTimeout: seconds(startup.ModelDataDownloadTimeoutInSeconds),
      containerStartupHealthCheckTimeout: seconds(startup.ContainerStartupHealthCheckTimeoutInSeconds),
    },
    scheduling: scheduling && { maxAvailabilityZoneImbalance: num(obj(scheduling.AvailabilityZoneBalance)?.MaxImbalance) },
    enableDataCaching: bool(obj(spec.DataCacheConfig)?.EnableCaching),
  };
}

/** The names of an inference component's properties as the rules name them (`specifications[1].container.image`). */
const COMPONENT_PATHS: Readonly<Record<string, string>> = {
  'initialCopyCount': 'RuntimeConfig.CopyCount',
  'rollbackAlarms': 'DeploymentConfig.AutoRollbackConfiguration.Alarms',
  'container.artifact': 'Container.ArtifactUrl',
  'container.environment': 'Container.Environment',
  'container.environment key': 'Container.Environment',
  'container.metricsEndpoint.path': 'Container.ContainerMetricsConfig.MetricsEndpoints[0].MetricsEndpointPath',
  'container.metricsEndpoint.publishFrequency': 'Container.ContainerMetricsConfig.MetricsEndpoints[0].MetricPublishFrequencyInSeconds',
  'scheduling.maxAvailabilityZoneImbalance': 'SchedulingConfig.AvailabilityZoneBalance.MaxImbalance',
  'startupParameters.modelDataDownloadTimeout': 'StartupParameters.ModelDataDownloadTimeoutInSeconds',
  'startupParameters.containerStartupHealthCheckTimeout': 'StartupParameters.ContainerStartupHealthCheckTimeoutInSeconds',
  'specifications[].instanceType': 'Specifications[].InstanceType',
  'baseInferenceComponent': 'Specification.BaseInferenceComponentName',
};

const SPECIFICATION_KEYS = ['model', 'container', 'computeResourceRequirements', 'startupParameters', 'scheduling', 'enableDataCaching'];

function componentNaming(): Naming {
  return naming(name => {
    const deployment = /^deployment\.(.+)$/.exec(name);
    if (deployment || name === 'deployment') {
      return { at: name === 'deployment' ? 'DeploymentConfig' : DEPLOYMENT_PATHS[name] ?? 'DeploymentConfig.RollingUpdatePolicy', rest: '' };
    }
    const m = /^specifications\[(\d+)\]\.(.+)$/.exec(name);
    const at = m ? `Specifications[${m[1]}]` : 'Specification';
    const rest = m ? m[2] : name;
    const path = COMPONENT_PATHS[rest.replace(/ \/ .*$/, '')];
    if (path && !m && !SPECIFICATION_KEYS.includes(rest.split(/[.\s]/)[0])) {
      return { at: path, rest: '' };
    }
    if (path) {
      return { at: `${at}.${path}`, rest: '' };
    }
    return m || SPECIFICATION_KEYS.includes(rest.split(/[.\s[]/)[0]) ? { at, rest: rest.replace(/ \/ .*$/, '') } : undefined;
  });
}

export function checkInferenceComponent(view: TemplateView, r: TemplateResource, run: Run): void {
  const p = r.properties;
  const own = obj(p.Specification);
  const listed = p.Specifications !== undefined ? list(p.Specifications)?.map(x => obj(x) ?? {}) : undefined;
  const adapter = own?.BaseInferenceComponentName !== undefined;
  const names = componentNaming();
  const deployment = obj(p.DeploymentConfig);
  const alarms = list(obj(deployment?.AutoRollbackConfiguration)?.Alarms) ?? [];
  const ownSpec = own ? componentSpecification(own) : {};
  run(COMPONENT_PROPS, {
    props: {
      inferenceComponentName: str(p.InferenceComponentName),
      variantName: str(p.VariantName),
      ...listed ? Object.fromEntries(Object.entries(ownSpec).filter(([, v]) => v !== undefined)) : {},
      specifications: listed?.map(spec => ({ instanceType: instanceType(str(spec.InstanceType) ?? '') })),
      baseInferenceComponent: own?.BaseInferenceComponentName,
      initialCopyCount: num(obj(p.RuntimeConfig)?.CopyCount),
      rollbackAlarms: alarms,
      deployment: deployment?.RollingUpdatePolicy,
    },
  }, names);
  run(DEPLOYMENT_PROPS, { spec: deploymentSpecOf(p.DeploymentConfig), target: 'component' }, names);
  const specs = listed
    ? listed.map((spec, i) => ({ spec, prefix: `specifications[${i}].`, instanceType: str(spec.InstanceType) }))
    : own ? [{ spec: own, prefix: '', instanceType: undefined }] : [];
  for (const { spec, prefix } of specs) {
    const container = obj(spec.Container);
    run(COMPONENT_SPECIFICATION, {
      prefix,
      spec: componentSpecification(spec),
      adapter,
      artifact: container?.ArtifactUrl !== undefined
        ? { uri: str(container.ArtifactUrl)!, s3DataType: S3DataType.S3_OBJECT, compressionType: CompressionType.GZIP, acceptEula: false }
        : undefined,
      registryImage: false,
      imageUri: str(container?.Image),
    }, names);
  }
  const endpoint = view.referenced(p.EndpointName, 'AWS::SageMaker::Endpoint', 'EndpointName');
  const config = endpoint && configOf(view, endpoint);
  const variants = config ? [
    ...readVariants(view, config.properties.ProductionVariants, 'ProductionVariants'),
    ...readVariants(view, config.properties.ShadowProductionVariants, 'ShadowProductionVariants'),
  ].map(v => ({
    variantName: v.name,
    hostsModel: v.properties.ModelName !== undefined,
    instanceTypes: instanceTypesOf(v.properties).map(t => t.toString()),
    managedMinInstanceCount: num(obj(v.properties.ManagedInstanceScaling)?.MinInstanceCount),
  })) : [];
  const copyTarget = sagemakerTargets(view).find(t => t.properties.ScalableDimension === 'sagemaker:inference-component:DesiredCopyCount'
    && [`inference-component/{${r.logicalId}}`, `inference-component/${str(p.InferenceComponentName)}`].includes(resourceIdText(t.properties.ResourceId) ?? ''));
  const variantName = str(p.VariantName);
  if (variantName === undefined) {
    return;
  }
  run(COMPONENT, {
    tags: tagsOf(r),
    variantName,
    configPath: config ? config.path ?? config.logicalId : undefined,
    variants,
    specificationTypes: (listed ?? []).map(spec => str(spec.InstanceType) ?? ''),
    alarms,
    scaledMinCapacity: copyTarget ? num(copyTarget.properties.MinCapacity) : undefined,
    adapter,
    requirements: specs.map(({ spec, prefix, instanceType: type }) => ({
      prefix,
      instanceType: type,
      requirements: componentSpecification(spec).computeResourceRequirements,
    })),
  }, names);
  // a served model (a serving image) on the instance types of its specification, or of the variant
  const variantTypes = variants.find(v => v.variantName === variantName)?.instanceTypes ?? [];
  const hosts: ServedHost[] = specs.map(({ spec, prefix, instanceType: type }) => ({
    where: prefix ? `the inference component's ${prefix.slice(0, -1)}` : 'the inference component',
    kind: 'component' as const,
    instanceTypes: type !== undefined ? [type] : variantTypes,
    served: modelFactsOf(view.referenced(spec.ModelName, 'AWS::SageMaker::Model', 'ModelName'))?.served ?? [],
  })).filter(h => h.served.length > 0);
  if (hosts.length > 0) {
    run(SERVING_HOSTING, { hosts }, names);
  }
}
