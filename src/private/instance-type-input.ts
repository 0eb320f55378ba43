import { IConstruct } from 'constructs';
import { InstanceType } from '../instance-type';
import { INSTANCE_TYPE } from './rules/instance-type';
import { enforce } from './rules/rule';

/**
 * An instance type given as an `InstanceType` or as its name (`'ml.g5.12xlarge'`), as an
 * `InstanceType`; a name that is not a hosting type is an error of `scope`.
 */
export function instanceTypeOf(scope: IConstruct, value: InstanceType | string): InstanceType {
  if (typeof value !== 'string') {
    return value;
  }
  enforce(scope, INSTANCE_TYPE, value);
  return InstanceType.of(value);
}
