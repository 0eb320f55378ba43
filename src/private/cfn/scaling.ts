import { naming, num, obj, referencedId, resourceIdText, str, TemplateResource, TemplateView } from './template';
import { Run } from './values';
import { configOf, instanceTypesOf, readVariants } from './variants';
import { BACKLOG_TARGET, CONCURRENT_REQUESTS_TARGET, COPY_SCALING, INSTANCE_SCALING, PROVISIONED_SCALING, PROVISIONED_UTILIZATION_TARGET, UTILIZATION_TARGET } from '../rules/scaling';

/*
 * The CloudFormation door for Application Auto Scaling targets and target-tracking policies of the
 * sagemaker namespace: the variant or inference component a ResourceId names, and its capacities and
 * targets.
 */

/** What a SageMaker scalable target's `ResourceId` names: the endpoint (by reference or name) and the variant or component. */
interface ScaledResource {
  readonly kind: 'variant' | 'component';
  readonly endpoint?: TemplateResource;
  readonly variantName?: string;
  /** The resource id with each reference written as `{logical id}`, to tell two targets of one variant apart. */
  readonly key: string;
}

function scaledResource(view: TemplateView, target: TemplateResource): ScaledResource | undefined {
  const text = resourceIdText(target.properties.ResourceId);
  const m = text === undefined ? undefined : /^endpoint\/([^/]+)\/variant\/([^/]+)$/.exec(text);
  if (m) {
    const ref = /^\{(.+)\}$/.exec(m[1]);
    const endpoint = ref ? view.get(ref[1]) : view.ofType('AWS::SageMaker::Endpoint').find(e => e.properties.EndpointName === m[1]);
    return {
      kind: 'variant',
      endpoint: endpoint?.type === 'AWS::SageMaker::Endpoint' ? endpoint : undefined,
      variantName: /\{/.test(m[2]) ? undefined : m[2],
      key: text!,
    };
  }
  return text !== undefined && text.startsWith('inference-component/') ? { kind: 'component', key: text } : undefined;
}

export function sagemakerTargets(view: TemplateView): TemplateResource[] {
  return view.ofType('AWS::ApplicationAutoScaling::ScalableTarget').filter(t => t.properties.ServiceNamespace === 'sagemaker');
}

/** The variants of an endpoint that a scalable target of the template scales by instance count. */
export function scaledVariants(view: TemplateView, endpoint: TemplateResource): string[] {
  return sagemakerTargets(view)
    .filter(t => t.properties.ScalableDimension === 'sagemaker:variant:DesiredInstanceCount')
    .map(t => scaledResource(view, t))
    .filter(s => s?.endpoint === endpoint && s.variantName !== undefined)
    .map(s => s!.variantName!);
}

export function checkScalableTarget(view: TemplateView, r: TemplateResource, run: Run): void {
  const p = r.properties;
  if (p.ServiceNamespace !== 'sagemaker') {
    return;
  }
  const scaled = scaledResource(view, r);
  if (!scaled) {
    return;
  }
  const targets = sagemakerTargets(view);
  const alreadyScaled = targets.slice(0, targets.indexOf(r))
    .some(t => t.properties.ScalableDimension === p.ScalableDimension && scaledResource(view, t)?.key === scaled.key);
  const scaling = { minCapacity: num(p.MinCapacity)!, maxCapacity: num(p.MaxCapacity)! };
  if (scaled.kind === 'component') {
    const component = view.ofType('AWS::SageMaker::InferenceComponent').find(c => scaled.key === `inference-component/{${c.logicalId}}`
      || scaled.key === `inference-component/${c.properties.InferenceComponentName}`);
    const adapter = obj(component?.properties.Specification)?.BaseInferenceComponentName !== undefined;
    run(COPY_SCALING, { scaling, alreadyScaled, adapter }, naming(name => name === 'minCapacity' || name === 'maxCapacity'
      ? { at: name === 'minCapacity' ? 'MinCapacity' : 'MaxCapacity', rest: '' } : undefined));
    return;
  }
  if (scaled.variantName === undefined) {
    return;
  }
  const config = scaled.endpoint && configOf(view, scaled.endpoint);
  const variants = config ? readVariants(view, config.properties.ProductionVariants, 'ProductionVariants') : [];
  const variant = variants.find(v => v.name === scaled.variantName);
  const names = naming(name => {
    const m = /^variant '[^']*'(?: (.*))?$/.exec(name);
    const property = m ? m[1] ?? '' : name;
    if (property === 'minCapacity' || property === 'maxCapacity') {
      return { at: property === 'minCapacity' ? 'MinCapacity' : 'MaxCapacity', rest: '' };
    }
    if (variant && config && (property === 'instanceType' || property === 'provisionedConcurrency')) {
      return { at: `${config.logicalId}.${variant.at}`, rest: property };
    }
    return m ? { at: 'ResourceId', rest: '' } : undefined;
  });
  const v = variant?.properties;
  if (p.ScalableDimension === 'sagemaker:variant:DesiredInstanceCount') {
    run(INSTANCE_SCALING, {
      variantName: scaled.variantName,
      scaling,
      alreadyScaled,
      initialInstanceCount: v ? num(v.InitialInstanceCount) ?? 1 : undefined,
      instanceType: v && v.InstanceType !== undefined ? str(v.InstanceType) : undefined,
      asyncInference: config ? config.properties.AsyncInferenceConfig !== undefined : undefined,
    }, names);
  } else if (p.ScalableDimension === 'sagemaker:variant:DesiredProvisionedConcurrency') {
    const serverless = obj(v?.ServerlessConfig);
    run(PROVISIONED_SCALING, {
      variantName: scaled.variantName,
      scaling,
      alreadyScaled,
      maxConcurrency: serverless && num(serverless.MaxConcurrency),
      provisionedConcurrency: serverless && num(serverless.ProvisionedConcurrency),
      provisionedConcurrencyUnknown: serverless === undefined,
    }, names);
  }
}

/** The scalable target a policy scales: by `ScalingTargetId` (a reference), or by its own resource id and dimension. */
function policyTarget(view: TemplateView, policy: TemplateResource): TemplateResource | undefined {
  const id = referencedId(policy.properties.ScalingTargetId);
  const byRef = id !== undefined ? view.get(id) : undefined;
  if (byRef?.type === 'AWS::ApplicationAutoScaling::ScalableTarget') {
    return byRef;
  }
  const key = resourceIdText(policy.properties.ResourceId);
  return key === undefined ? undefined : sagemakerTargets(view).find(t => t.properties.ScalableDimension === policy.properties.ScalableDimension
    && resourceIdText(t.properties.ResourceId) === key);
}

export function checkScalingPolicy(view: TemplateView, r: TemplateResource, run: Run): void {
  const tracking = obj(r.properties.TargetTrackingScalingPolicyConfiguration);
  if (!tracking) {
    return;
  }
  const names = naming(() => ({ at: 'TargetTrackingScalingPolicyConfiguration.TargetValue', rest: '' }));
  const input = { property: 'TargetTrackingScalingPolicyConfiguration.TargetValue', target: num(tracking.TargetValue)! };
  const metric = str(obj(tracking.PredefinedMetricSpecification)?.PredefinedMetricType);
  if (metric === 'SageMakerVariantProvisionedConcurrencyUtilization') {
    run(PROVISIONED_UTILIZATION_TARGET, input, names);
  } else if (metric === 'SageMakerVariantConcurrentRequestsPerModelHighResolution'
    || metric === 'SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution') {
    run(CONCURRENT_REQUESTS_TARGET, input, names);
  }
  const customized = obj(tracking.CustomizedMetricSpecification);
  const metricName = str(customized?.MetricName);
  if (!customized || metricName === undefined) {
    return;
  }
  const target = policyTarget(view, r);
  const scaled = target && scaledResource(view, target);
  const config = scaled?.endpoint && configOf(view, scaled.endpoint);
  const variant = config && readVariants(view, config.properties.ProductionVariants, 'ProductionVariants').find(v => v.name === scaled?.variantName);
  if (metricName === 'ApproximateBacklogSizePerInstance') {
    run(BACKLOG_TARGET, { ...input, asyncInference: config ? config.properties.AsyncInferenceConfig !== undefined : undefined }, names);
  } else if ((metricName === 'CPUUtilization' || metricName === 'GPUUtilization') && str(customized.Namespace) === '/aws/sagemaker/Endpoints') {
    run(UTILIZATION_TARGET, {
      ...input,
      unit: metricName === 'CPUUtilization' ? 'cpu' : 'gpu',
      instanceTypes: variant ? instanceTypesOf(variant.properties).map(t => t.toString()) : [],
    }, names);
  }
}
