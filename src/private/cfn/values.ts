import { Duration, Token } from 'aws-cdk-lib';
import { list, Naming, num, obj, str, TemplateResource } from './template';
import { AcceleratorType } from '../../accelerator-type';
import { InstanceType } from '../../instance-type';
import { ACCELERATOR_TYPE, INSTANCE_TYPE } from '../rules/instance-type';
import { findings, RuleSet } from '../rules/rule';
import { RenderedTag } from '../rules/tags';

/*
 * What the CloudFormation door reads a property into: the library's value types (instance and
 * accelerator types, durations), a tag list, an environment map, a member of a string enum.
 */

export type Run = <T>(set: RuleSet<T>, input: T, names: Naming) => void;

/** The tags of a resource as `Tags` lists them (key/value pairs; none when computed). */
export function tagsOf(resource: TemplateResource): RenderedTag[] {
  return (list(resource.properties.Tags) ?? []).flatMap(t => obj(t) && t.Key !== undefined ? [{ key: str(t.Key)!, value: str(t.Value) ?? '' }] : []);
}

/**
 * An instance type of the template; one that `InstanceType.of()` rejects (reported by the door's
 * `instanceType.prefix`) is a token, which no other rule reads.
 */
export function instanceType(name: string): InstanceType {
  return InstanceType.of(findings(INSTANCE_TYPE, name).length === 0 ? name : Token.asString({ 'Fn::Sub': name }));
}

/** An accelerator type of the template (`AcceleratorType.of()`; one it rejects is a token). */
export function acceleratorType(name: string): AcceleratorType {
  return AcceleratorType.of(findings(ACCELERATOR_TYPE, name).length === 0 ? name : Token.asString({ 'Fn::Sub': name }));
}

/**
 * An `Environment` map: each computed value (a reference, a parameter) a token, numbers and booleans
 * as they are (for the rule that rejects them); undefined when the whole map is computed.
 */
export function environmentOf(value: unknown): { [key: string]: string } | undefined {
  const map = obj(value);
  return map && Object.fromEntries(Object.entries(map).map(([k, v]) => [k, typeof v === 'object' && v !== null ? Token.asString(v) : v]));
}

/** The member of a string enum a property names; undefined for any other value (cfn-lint reports it). */
export function member<T extends string>(values: Record<string, T>, value: unknown): T | undefined {
  return Object.values(values).find(v => v === value);
}

export const seconds = (value: unknown) => value === undefined ? undefined : Duration.seconds(num(value)!);
