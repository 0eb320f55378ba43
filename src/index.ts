export * from './accelerator-type';
export * from './container-image';
export * from './instance-type';
export * from './model';
export * from './model-data';
export * from './model-package';
