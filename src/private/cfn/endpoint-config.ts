import { Size } from 'aws-cdk-lib';
import { modelFactsOf } from './model';
import { bool, list, naming, Naming, num, obj, str, TemplateResource, TemplateView } from './template';
import { member, Run, seconds, tagsOf } from './values';
import { instanceEntry, instanceTypeNames, modelRef, ReadVariant, readVariants } from './variants';
import { AsyncNotificationTarget } from '../../async-inference';
import { ASYNC_HOSTING, ASYNC_INFERENCE } from '../rules/async-inference';
import { COMPONENT_HOSTING } from '../rules/component-hosting';
import { DATA_CAPTURE, DATA_CAPTURE_HOSTING } from '../rules/data-capture';
import { ENDPOINT_CONFIG, ENDPOINT_CONFIG_PROPS, HostedVariant } from '../rules/endpoint-config';
import { EXPLAINER } from '../rules/explainer';
import { INSTANCE_TYPE } from '../rules/instance-type';
import { METRICS_CONFIG } from '../rules/metrics-config';
import { PACKAGE_HOSTING, packageHosts } from '../rules/model-package';
import { INSTANCE_VARIANT, INSTANCE_VARIANT_ADD, SERVERLESS_VARIANT, SERVERLESS_VARIANT_ADD, VariantAddInput } from '../rules/production-variant';
import { RuleSet } from '../rules/rule';
import { servedHosts, SERVING_HOSTING } from '../rules/serving';
import { SHADOW_VARIANT_ADD, SHADOW_VARIANTS } from '../rules/shadow-variants';
import { VARIANT_SETTINGS } from '../rules/variant-settings';
import type { ConfigState, ServerlessEntryInput, VariantEntryInput } from '../variants';

/*
 * The CloudFormation door for AWS::SageMaker::EndpointConfig: each variant against what the
 * configuration holds so far, then the configuration (data capture, async inference, explainer,
 * metrics, inference-component settings, shadow variants, served models).
 */

/** The CloudFormation paths of the configuration-level properties the rules name. */
const CONFIG_PATHS: Readonly<Record<string, string>> = {
  'dataCapture.samplingPercentage': 'DataCaptureConfig.InitialSamplingPercentage',
  'dataCapture.captureInput, captureOutput': 'DataCaptureConfig.CaptureOptions',
  'dataCapture.jsonContentTypes': 'DataCaptureConfig.CaptureContentTypeHeader.JsonContentTypes',
  'dataCapture.csvContentTypes': 'DataCaptureConfig.CaptureContentTypeHeader.CsvContentTypes',
  'dataCapture.destinationPrefix': 'DataCaptureConfig.DestinationS3Uri',
  'dataCapture': 'DataCaptureConfig',
  'asyncInference.maxConcurrentInvocationsPerInstance': 'AsyncInferenceConfig.ClientConfig.MaxConcurrentInvocationsPerInstance',
  'asyncInference.outputPrefix': 'AsyncInferenceConfig.OutputConfig.S3OutputPath',
  'asyncInference.failurePrefix': 'AsyncInferenceConfig.OutputConfig.S3FailurePath',
  'asyncInference.includeInferenceResponseIn': 'AsyncInferenceConfig.OutputConfig.NotificationConfig.IncludeInferenceResponseIn',
  'asyncInference': 'AsyncInferenceConfig',
  'encryptionKey key ARN': 'KmsKeyId',
  'metricsConfig.metricPublishFrequency': 'MetricsConfig.MetricPublishFrequencyInSeconds',
  'explainer.enableExplanations': 'ExplainerConfig.ClarifyExplainerConfig.EnableExplanations',
  'explainer.shap.baseline': 'ExplainerConfig.ClarifyExplainerConfig.ShapConfig.ShapBaselineConfig.ShapBaseline',
  'explainer.shap.baselineBucket': 'ExplainerConfig.ClarifyExplainerConfig.ShapConfig.ShapBaselineConfig.ShapBaselineUri',
  'explainer.shap.baselineKey': 'ExplainerConfig.ClarifyExplainerConfig.ShapConfig.ShapBaselineConfig.ShapBaselineUri',
  'explainer.shap.baseline, explainer.shap.baselineBucket': 'ExplainerConfig.ClarifyExplainerConfig.ShapConfig.ShapBaselineConfig',
  'explainer.inference.maxPayload': 'ExplainerConfig.ClarifyExplainerConfig.InferenceConfig.MaxPayloadInMB',
  'vpcSubnets': 'VpcConfig.Subnets',
  'securityGroups': 'VpcConfig.SecurityGroupIds',
};

/** The names of a configuration's properties; `current` is the variant being checked (for what a rule names bare). */
function configNaming(variants: readonly ReadVariant[], current?: ReadVariant, prefix = ''): Naming {
  return naming(name => {
    const m = /^(?:shadow |serverless )?variant '([^']*)'(?: (.*))?$/.exec(name);
    if (m) {
      const variant = current?.name === m[1] ? current : variants.find(v => v.name === m[1]);
      if (variant) {
        return { at: `${prefix}${variant.at}`, rest: m[2] ?? '' };
      }
    }
    if (CONFIG_PATHS[name]) {
      return { at: `${prefix}${CONFIG_PATHS[name]}`, rest: '' };
    }
    const explainer = /^explainer\.(shap|inference)\.(.+)$/.exec(name);
    if (explainer) {
      return { at: `${prefix}ExplainerConfig.ClarifyExplainerConfig.${explainer[1] === 'shap' ? 'ShapConfig' : 'InferenceConfig'}`, rest: explainer[2] };
    }
    if (name === 'instance variant' || name === 'serverless variant') {
      return { at: `${prefix}${current?.at ?? 'ProductionVariants'}`, rest: '' };
    }
    if (current && (name === 'variantName' || name === 'instanceType')) {
      return { at: `${prefix}${current.at}`, rest: name };
    }
    return undefined;
  }, prefix);
}

export function checkEndpointConfig(view: TemplateView, r: TemplateResource, run: Run): void {
  const p = r.properties;
  const production = readVariants(view, p.ProductionVariants, 'ProductionVariants');
  const shadows = readVariants(view, p.ShadowProductionVariants, 'ShadowProductionVariants');
  const all = [...production, ...shadows];
  const names = configNaming(all);
  const kmsKeyId = str(p.KmsKeyId);
  run(ENDPOINT_CONFIG_PROPS, {
    endpointConfigName: str(p.EndpointConfigName),
    encryptionKey: kmsKeyId !== undefined ? { keyRef: { keyArn: kmsKeyId } } : undefined,
  }, names);
  const config = {
    env: view.env,
    instanceVariantNames: [] as string[],
    shadowVariantNames: [] as string[],
    componentVariantNames: [] as string[],
    serverlessVariantName: undefined as string | undefined,
    encrypted: p.KmsKeyId !== undefined,
  };
  const snapshot = (): ConfigState => ({
    ...config,
    instanceVariantNames: [...config.instanceVariantNames],
    shadowVariantNames: [...config.shadowVariantNames],
    componentVariantNames: [...config.componentVariantNames],
  });
  /** An instance or shadow variant: against the configuration so far (`add`), then itself; then the configuration holds it (`held`). */
  const instanceVariant = (v: ReadVariant, add: RuleSet<VariantAddInput>, held: string[]): HostedVariant<VariantEntryInput> => {
    const at = configNaming(all, v);
    const hostsModel = v.properties.ModelName !== undefined;
    run(add, { variantName: v.name, hostsModel, config: snapshot() }, at);
    const variant = instanceEntry(v, view.env);
    instanceTypeNames(v.properties).forEach(type => run(INSTANCE_TYPE, type, at));
    run(INSTANCE_VARIANT, { variant, config: snapshot() }, at);
    run(VARIANT_SETTINGS, { variant, config: snapshot() }, at);
    held.push(v.name);
    if (!hostsModel) {
      config.componentVariantNames.push(v.name);
    }
    return { variant, model: modelFactsOf(v.model, view) };
  };
  const hosted: Array<HostedVariant<VariantEntryInput>> = [];
  const hostedShadows: Array<HostedVariant<VariantEntryInput>> = [];
  let serverless: HostedVariant<ServerlessEntryInput> | undefined;
  for (const v of production) {
    const at = configNaming(all, v);
    const hostsModel = v.properties.ModelName !== undefined;
    const serverlessConfig = obj(v.properties.ServerlessConfig);
    if (serverlessConfig) {
      run(SERVERLESS_VARIANT_ADD, { variantName: v.name, hostsModel, config: snapshot() }, at);
      const variant: ServerlessEntryInput = {
        model: modelRef(view.env, v.model),
        variantName: v.name,
        modelName: str(v.properties.ModelName)!,
        initialVariantWeight: num(v.properties.InitialVariantWeight) ?? 1.0,
        maxConcurrency: num(serverlessConfig.MaxConcurrency)!,
        memorySizeInMB: num(serverlessConfig.MemorySizeInMB)!,
        provisionedConcurrency: num(serverlessConfig.ProvisionedConcurrency),
      };
      run(SERVERLESS_VARIANT, { variant, config: snapshot() }, at);
      config.serverlessVariantName ??= v.name;
      serverless ??= { variant, model: modelFactsOf(v.model, view) };
      continue;
    }
    hosted.push(instanceVariant(v, INSTANCE_VARIANT_ADD, config.instanceVariantNames));
  }
  for (const v of shadows) {
    hostedShadows.push(instanceVariant(v, SHADOW_VARIANT_ADD, config.shadowVariantNames));
  }
  if (list(p.ProductionVariants)) {
    run(ENDPOINT_CONFIG, { instanceVariants: hosted, serverlessVariant: serverless, tags: tagsOf(r) }, names);
  }
  const modelPackageVariants = hosted
    .map(({ variant, model }) => ({ variantName: variant.variantName, containers: model?.modelPackages ?? [] }))
    .filter(v => v.containers.length > 0);
  const capture = obj(p.DataCaptureConfig);
  if (p.DataCaptureConfig !== undefined) {
    run(DATA_CAPTURE_HOSTING, { serverlessVariantName: config.serverlessVariantName, modelPackageVariants }, names);
  }
  if (capture) {
    const options = list(capture.CaptureOptions)?.map(o => str(obj(o)?.CaptureMode));
    const header = obj(capture.CaptureContentTypeHeader);
    run(DATA_CAPTURE, {
      props: {
        samplingPercentage: num(capture.InitialSamplingPercentage),
        captureInput: options ? options.includes('Input') : undefined,
        captureOutput: options ? options.includes('Output') : undefined,
        jsonContentTypes: header && list(header.JsonContentTypes)?.map(t => str(t)!),
        csvContentTypes: header && list(header.CsvContentTypes)?.map(t => str(t)!),
      },
      destinationUri: str(capture.DestinationS3Uri)!,
    }, names);
  }
  const async = obj(p.AsyncInferenceConfig);
  if (p.AsyncInferenceConfig !== undefined) {
    run(ASYNC_HOSTING, { serverlessVariantName: config.serverlessVariantName, modelPackageVariants }, names);
  }
  if (async) {
    const output = obj(async.OutputConfig);
    const notification = obj(output?.NotificationConfig);
    run(ASYNC_INFERENCE, {
      props: {
        maxConcurrentInvocationsPerInstance: num(obj(async.ClientConfig)?.MaxConcurrentInvocationsPerInstance),
        includeInferenceResponseIn: notification && list(notification.IncludeInferenceResponseIn)
          ?.flatMap(t => member(AsyncNotificationTarget, t) ?? []),
        successTopic: notification?.SuccessTopic,
        errorTopic: notification?.ErrorTopic,
      },
      outputUri: str(output?.S3OutputPath) ?? '',
      failureUri: str(output?.S3FailurePath),
    }, names);
  }
  const clarify = obj(obj(p.ExplainerConfig)?.ClarifyExplainerConfig);
  if (clarify) {
    const shap = obj(clarify.ShapConfig) ?? {};
    const baseline = obj(shap.ShapBaselineConfig) ?? {};
    const text = obj(shap.TextConfig);
    const inference = obj(clarify.InferenceConfig);
    const strings = (value: unknown) => list(value)?.map(x => str(x)!);
    run(EXPLAINER, {
      enableExplanations: str(clarify.EnableExplanations),
      shap: {
        baseline: str(baseline.ShapBaseline),
        baselineBucket: baseline.ShapBaselineUri !== undefined ? { s3UrlForObject: () => str(baseline.ShapBaselineUri) ?? '' } : undefined,
        baselineKey: baseline.ShapBaselineUri !== undefined ? '' : undefined,
        numberOfSamples: num(shap.NumberOfSamples),
        seed: num(shap.Seed),
        text: text && { language: str(text.Language) },
      },
      inference: inference && {
        contentTemplate: str(inference.ContentTemplate),
        featuresAttribute: str(inference.FeaturesAttribute),
        labelAttribute: str(inference.LabelAttribute),
        probabilityAttribute: str(inference.ProbabilityAttribute),
        featureHeaders: strings(inference.FeatureHeaders),
        featureTypes: strings(inference.FeatureTypes),
        labelHeaders: strings(inference.LabelHeaders),
        labelIndex: num(inference.LabelIndex),
        probabilityIndex: num(inference.ProbabilityIndex),
        maxRecordCount: num(inference.MaxRecordCount),
        maxPayload: inference.MaxPayloadInMB !== undefined ? Size.mebibytes(num(inference.MaxPayloadInMB)!) : undefined,
      },
    }, names);
  }
  const metrics = obj(p.MetricsConfig);
  if (metrics) {
    run(METRICS_CONFIG, { metricPublishFrequency: seconds(metrics.MetricPublishFrequencyInSeconds) }, names);
  }
  const vpc = obj(p.VpcConfig);
  const securityGroups = vpc && list(vpc.SecurityGroupIds);
  run(COMPONENT_HOSTING, {
    componentVariantNames: config.componentVariantNames,
    modelVariantNames: all.filter(v => v.properties.ModelName !== undefined).map(v => v.name),
    executionRole: p.ExecutionRoleArn !== undefined,
    vpc: p.VpcConfig !== undefined,
    networkIsolation: bool(p.EnableNetworkIsolation),
    subnetIds: vpc && list(vpc.Subnets)?.map(s => str(s)!),
    securityGroupCount: securityGroups?.length,
    subnetsWithoutVpc: false,
    securityGroupsWithoutVpc: false,
  }, names);
  if (shadows.length > 0) {
    run(SHADOW_VARIANTS, { productionVariants: hosted, shadowVariants: hostedShadows, asyncInference: p.AsyncInferenceConfig !== undefined }, names);
  }
  const hosts = servedHosts(hosted, hostedShadows, serverless);
  if (hosts.length > 0) {
    run(SERVING_HOSTING, { hosts }, names);
  }
  const packaged = packageHosts(hosted, hostedShadows);
  if (packaged.length > 0) {
    run(PACKAGE_HOSTING, { hosts: packaged }, names);
  }
}
