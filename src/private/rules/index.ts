/*
 * The registry of every rule table, by the resource it guards: read by the tests and for the
 * README's counts. Constructs never import this file; each imports its own table.
 */
import { ASYNC_HOSTING, ASYNC_INFERENCE } from './async-inference';
import { COMPONENT_HOSTING } from './component-hosting';
import { BOUND_CONTAINER, CONTAINER } from './container';
import { ECR_IMAGE, REGISTRY_IMAGE } from './container-image';
import { DATA_CAPTURE, DATA_CAPTURE_HOSTING } from './data-capture';
import { DEPLOYMENT, DEPLOYMENT_PROPS } from './deployment';
import { ENDPOINT, ENDPOINT_PROPS, FIND_CONTAINER } from './endpoint';
import { ENDPOINT_CONFIG, ENDPOINT_CONFIG_PROPS } from './endpoint-config';
import { EXECUTION_ROLE_POLICIES } from './execution-role';
import { EXPLAINER } from './explainer';
import { CROSS_ACCOUNT_GRANT } from './grants';
import { COMPONENT, COMPONENT_PROPS, COMPONENT_SPECIFICATION, UNKNOWN_ROLE } from './inference-component';
import { ACCELERATOR_TYPE, INSTANCE_TYPE } from './instance-type';
import { METRICS_CONFIG } from './metrics-config';
import { MODEL, MODEL_PROPS } from './model';
import { BUCKET_DATA } from './model-data';
import { MODEL_PACKAGE, MODEL_PACKAGE_CONTAINER, MODEL_PACKAGE_PROPS, MODEL_PACKAGE_VERSION, PACKAGE_HOSTING } from './model-package';
import { MODEL_PACKAGE_GROUP, MODEL_PACKAGE_GROUP_PROPS } from './model-package-group';
import { PIPELINE_IMPORT } from './pipeline';
import { INSTANCE_VARIANT, INSTANCE_VARIANT_ADD, SERVERLESS_VARIANT, SERVERLESS_VARIANT_ADD } from './production-variant';
import { DETAILED_OBSERVABILITY_ALARMS, RECOMMENDED_ALARMS } from './recommended-alarms';
import { RuleSet } from './rule';
import {
  BACKLOG_TARGET,
  CONCURRENT_REQUESTS_TARGET,
  COPY_SCALING,
  INSTANCE_SCALING,
  INVOCATIONS_TARGET,
  PROVISIONED_SCALING,
  PROVISIONED_UTILIZATION_TARGET,
  UTILIZATION_TARGET,
} from './scaling';
import { SERVE, SERVED_CONTAINER, SERVING_HOSTING, SERVING_IMAGE_BIND, SERVING_IMAGE_FACTORY } from './serving';
import { SHADOW_VARIANT_ADD, SHADOW_VARIANTS } from './shadow-variants';
import { VARIANT_SETTINGS } from './variant-settings';

/** A Model and what it is built from: containers, images, model data, model packages. */
export const MODEL_RULE_SETS: ReadonlyArray<RuleSet<any>> = [
  MODEL_PROPS, CONTAINER, BOUND_CONTAINER, MODEL, REGISTRY_IMAGE, ECR_IMAGE, BUCKET_DATA, MODEL_PACKAGE, CROSS_ACCOUNT_GRANT,
  EXECUTION_ROLE_POLICIES, SERVING_IMAGE_FACTORY, SERVING_IMAGE_BIND, SERVE, SERVED_CONTAINER,
];

/** An EndpointConfig, its variants and their instance types. */
export const ENDPOINT_CONFIG_RULE_SETS: ReadonlyArray<RuleSet<any>> = [
  ENDPOINT_CONFIG_PROPS, INSTANCE_VARIANT_ADD, INSTANCE_VARIANT, SERVERLESS_VARIANT_ADD, SERVERLESS_VARIANT,
  ENDPOINT_CONFIG, INSTANCE_TYPE, ACCELERATOR_TYPE, ASYNC_INFERENCE, ASYNC_HOSTING, DATA_CAPTURE, DATA_CAPTURE_HOSTING,
  VARIANT_SETTINGS, SHADOW_VARIANT_ADD, SHADOW_VARIANTS, EXPLAINER, METRICS_CONFIG, COMPONENT_HOSTING, SERVING_HOSTING,
  PACKAGE_HOSTING,
];

/** An Endpoint and the autoscaling of its variants. */
export const ENDPOINT_RULE_SETS: ReadonlyArray<RuleSet<any>> = [
  ENDPOINT_PROPS, ENDPOINT, DEPLOYMENT_PROPS, DEPLOYMENT, FIND_CONTAINER, INSTANCE_SCALING, PROVISIONED_SCALING, INVOCATIONS_TARGET,
  CONCURRENT_REQUESTS_TARGET,
  PROVISIONED_UTILIZATION_TARGET, BACKLOG_TARGET, UTILIZATION_TARGET,
];

/** An InferenceComponent, its specifications and the autoscaling of its copies. */
export const INFERENCE_COMPONENT_RULE_SETS: ReadonlyArray<RuleSet<any>> = [
  COMPONENT_PROPS, COMPONENT_SPECIFICATION, COMPONENT, UNKNOWN_ROLE, COPY_SCALING,
];

/** Recommended and detailed-observability alarms. */
export const ALARM_RULE_SETS: ReadonlyArray<RuleSet<any>> = [RECOMMENDED_ALARMS, DETAILED_OBSERVABILITY_ALARMS];

/** The Model Registry: model package groups and the versions registered in the app. */
export const REGISTRY_RULE_SETS: ReadonlyArray<RuleSet<any>> = [
  MODEL_PACKAGE_GROUP_PROPS, MODEL_PACKAGE_GROUP, MODEL_PACKAGE_VERSION, MODEL_PACKAGE_PROPS, MODEL_PACKAGE_CONTAINER,
];

/** Pipeline imports. */
export const PIPELINE_RULE_SETS: ReadonlyArray<RuleSet<any>> = [PIPELINE_IMPORT];

export * from './rule';
