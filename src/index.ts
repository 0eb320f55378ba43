export * from './accelerator-type';
export * from './container-image';
export * from './endpoint';
export * from './endpoint-config';
export {
  IEndpointInstanceProductionVariant,
  IEndpointProductionVariant,
  IEndpointServerlessProductionVariant,
  InvocationHttpResponseCode,
} from './endpoint-variant';
export * from './instance-type';
export * from './model';
export * from './model-data';
export * from './model-package';
export * from './pipeline';
export * from './production-variant';
export * from './scalable-instance-count';
