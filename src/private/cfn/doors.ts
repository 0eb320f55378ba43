import { tagged } from '../errors';
import { checkEndpoint } from './endpoint';
import { checkEndpointConfig } from './endpoint-config';
import { checkInferenceComponent } from './inference-component';
import { checkModel } from './model';
import { checkScalableTarget, checkScalingPolicy } from './scaling';
import { Naming, renamed, TemplateResource, TemplateView } from './template';
import { ASYNC_HOSTING, ASYNC_INFERENCE } from '../rules/async-inference';
import { COMPONENT_HOSTING } from '../rules/component-hosting';
import { BOUND_CONTAINER, CONTAINER } from '../rules/container';
import { REGISTRY_IMAGE } from '../rules/container-image';
import { DATA_CAPTURE, DATA_CAPTURE_HOSTING } from '../rules/data-capture';
import { DEPLOYMENT, DEPLOYMENT_PROPS } from '../rules/deployment';
import { ENDPOINT, ENDPOINT_PROPS } from '../rules/endpoint';
import { ENDPOINT_CONFIG, ENDPOINT_CONFIG_PROPS } from '../rules/endpoint-config';
import { EXPLAINER } from '../rules/explainer';
import { COMPONENT, COMPONENT_PROPS, COMPONENT_SPECIFICATION } from '../rules/inference-component';
import { INSTANCE_TYPE } from '../rules/instance-type';
import { METRICS_CONFIG } from '../rules/metrics-config';
import { MODEL, MODEL_PROPS } from '../rules/model';
import { MODEL_PACKAGE, PACKAGE_HOSTING } from '../rules/model-package';
import { INSTANCE_VARIANT, INSTANCE_VARIANT_ADD, SERVERLESS_VARIANT, SERVERLESS_VARIANT_ADD } from '../rules/production-variant';
import { annotationId, Rule, RuleSet } from '../rules/rule';
import { BACKLOG_TARGET, CONCURRENT_REQUESTS_TARGET, COPY_SCALING, INSTANCE_SCALING, PROVISIONED_SCALING, PROVISIONED_UTILIZATION_TARGET, UTILIZATION_TARGET } from '../rules/scaling';
import { SERVED_CONTAINER, SERVING_HOSTING } from '../rules/serving';
import { SHADOW_VARIANT_ADD, SHADOW_VARIANTS } from '../rules/shadow-variants';
import { VARIANT_SETTINGS } from '../rules/variant-settings';

/*
 * The CloudFormation door: the rule tables of the constructs, run on the properties of
 * AWS::SageMaker::Model, EndpointConfig, Endpoint, InferenceComponent and SageMaker's Application Auto
 * Scaling targets and policies as a template holds them (`template.ts`). Each resource's properties
 * are read into the inputs the constructs hand the same tables, with what the template tells of the
 * resources it references (one file per resource type; `variants.ts` and `values.ts` are shared), and
 * each problem names the CloudFormation property (`ProductionVariants[0].ServerlessConfig.MemorySizeInMB`).
 * A table or rule whose `cfn` says why is not run here.
 */

/** The types the door reads. */
export const CHECKED_TYPES: readonly string[] = [
  'AWS::SageMaker::Model', 'AWS::SageMaker::EndpointConfig', 'AWS::SageMaker::Endpoint', 'AWS::SageMaker::InferenceComponent',
  'AWS::ApplicationAutoScaling::ScalableTarget', 'AWS::ApplicationAutoScaling::ScalingPolicy',
];

/** The rule tables the door runs, by resource type (the rule counts read them). */
export const CFN_RULE_SETS: ReadonlyArray<RuleSet<any>> = [
  MODEL_PROPS, CONTAINER, BOUND_CONTAINER, MODEL, MODEL_PACKAGE, REGISTRY_IMAGE,
  ENDPOINT_CONFIG_PROPS, INSTANCE_VARIANT_ADD, INSTANCE_VARIANT, VARIANT_SETTINGS, SERVERLESS_VARIANT_ADD, SERVERLESS_VARIANT,
  SHADOW_VARIANT_ADD, SHADOW_VARIANTS, INSTANCE_TYPE, ENDPOINT_CONFIG, DATA_CAPTURE, DATA_CAPTURE_HOSTING, ASYNC_INFERENCE, ASYNC_HOSTING,
  COMPONENT_HOSTING, EXPLAINER, METRICS_CONFIG, SERVED_CONTAINER, SERVING_HOSTING, PACKAGE_HOSTING,
  ENDPOINT_PROPS, ENDPOINT, DEPLOYMENT_PROPS, DEPLOYMENT,
  COMPONENT_PROPS, COMPONENT_SPECIFICATION, COMPONENT,
  INSTANCE_SCALING, PROVISIONED_SCALING, COPY_SCALING, CONCURRENT_REQUESTS_TARGET, PROVISIONED_UTILIZATION_TARGET, BACKLOG_TARGET,
  UTILIZATION_TARGET,
];

/** A problem the door found in a resource. */
export interface CfnFinding {
  /** The rule's id. */
  readonly ruleId: string;
  readonly severity: 'error' | 'warning';
  /** The problem, ending with `[rule: <id>]`. */
  readonly message: string;
  /** The acknowledgeable id of a warning (`cdk-sagemaker-hosting:<id>`). */
  readonly annotation: string;
  readonly logicalId: string;
}

/** Whether a rule of a table is run on CloudFormation properties. */
export function checkedOnCfn(set: RuleSet<any>, rule: Rule<any>): boolean {
  return CFN_RULE_SETS.includes(set) && set.cfn === undefined && rule.cfn === undefined;
}

/** The problems of one resource. */
export function checkResource(view: TemplateView, resource: TemplateResource): CfnFinding[] {
  const found: CfnFinding[] = [];
  const run = <T>(set: RuleSet<T>, input: T, names: Naming) => {
    for (const rule of set.rules) {
      if (!checkedOnCfn(set, rule)) {
        continue;
      }
      let messages: string[];
      try {
        messages = flatten(rule.check(input)).map(message => renamed(message, names));
      } catch {
        // a value of a shape the rule does not read (cfn-lint reports a template that is not valid)
        messages = [];
      }
      for (const message of messages) {
        found.push({
          ruleId: rule.id,
          severity: rule.severity ?? 'error',
          message: tagged(message, rule.id),
          annotation: annotationId(rule),
          logicalId: resource.logicalId,
        });
      }
    }
  };
  switch (resource.type) {
    case 'AWS::SageMaker::Model': checkModel(resource, run); break;
    case 'AWS::SageMaker::EndpointConfig': checkEndpointConfig(view, resource, run); break;
    case 'AWS::SageMaker::Endpoint': checkEndpoint(view, resource, run); break;
    case 'AWS::SageMaker::InferenceComponent': checkInferenceComponent(view, resource, run); break;
    case 'AWS::ApplicationAutoScaling::ScalableTarget': checkScalableTarget(view, resource, run); break;
    case 'AWS::ApplicationAutoScaling::ScalingPolicy': checkScalingPolicy(view, resource, run); break;
    default: break;
  }
  return found;
}

/** Every problem of every resource of a template the door reads. */
export function checkTemplate(view: TemplateView, include: (resource: TemplateResource) => boolean = () => true): CfnFinding[] {
  return CHECKED_TYPES.flatMap(type => view.ofType(type)).filter(include).flatMap(r => checkResource(view, r));
}

function flatten(finding: string | undefined | ReadonlyArray<string | undefined>): string[] {
  if (finding === undefined) {
    return [];
  }
  return (typeof finding === 'string' ? [finding] : finding).filter((f): f is string => f !== undefined);
}
