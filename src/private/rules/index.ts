export * from './rule';
export * from './model';
export * from './endpoint-config';
export * from './endpoint';
export * from './pipeline';
export * from './instance-type';
