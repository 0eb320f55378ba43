import { Token } from 'aws-cdk-lib';
import { withoutPythonNames } from '../rules/rule';

/*
 * The CloudFormation door's view of a template: its resources as CloudFormation gets them (a
 * synthesized template file, or a stack's resources rendered and resolved), what a reference
 * (`Ref`, `Fn::GetAtt`) points to within it, and the readers that turn a property into the value a
 * rule reads. A value CloudFormation computes (an intrinsic function, a parameter) becomes an
 * unresolved token, which no rule checks.
 */

/** A resource of a template. */
export interface TemplateResource {
  readonly logicalId: string;
  readonly type: string;
  readonly properties: { readonly [name: string]: any };
  /** The construct path (`aws:cdk:path` metadata), when the template has it. */
  readonly path?: string;
}

/** The resources of one template, with the account and region they deploy to (tokens when not known). */
export class TemplateView {
  private readonly resources = new Map<string, TemplateResource>();

  constructor(resources: { readonly [logicalId: string]: any }, readonly env: { readonly account: string; readonly region: string }) {
    for (const [logicalId, resource] of Object.entries(resources ?? {})) {
      if (resource && typeof resource === 'object' && typeof resource.Type === 'string') {
        this.resources.set(logicalId, {
          logicalId,
          type: resource.Type,
          properties: resource.Properties && typeof resource.Properties === 'object' ? resource.Properties : {},
          path: resource.Metadata?.['aws:cdk:path'],
        });
      }
    }
  }

  /** The resources of a type, in template order. */
  public ofType(type: string): TemplateResource[] {
    return [...this.resources.values()].filter(r => r.type === type);
  }

  /** A resource by logical id. */
  public get(logicalId: string): TemplateResource | undefined {
    return this.resources.get(logicalId);
  }

  /**
   * The resource of `type` a property value names: by `Ref` or `Fn::GetAtt` on it, or by the literal
   * value of its `nameProperty` (a resource named `'my-model'` and named so by the other).
   */
  public referenced(value: unknown, type: string, nameProperty: string): TemplateResource | undefined {
    const id = referencedId(value);
    if (id !== undefined) {
      const target = this.resources.get(id);
      return target?.type === type ? target : undefined;
    }
    return typeof value === 'string' ? this.ofType(type).find(r => r.properties[nameProperty] === value) : undefined;
  }
}

/** The logical id a `Ref` or `Fn::GetAtt` names. */
export function referencedId(value: unknown): string | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return undefined;
  }
  const v = value as Record<string, unknown>;
  if (typeof v.Ref === 'string') {
    return v.Ref;
  }
  const att = v['Fn::GetAtt'];
  if (Array.isArray(att) && typeof att[0] === 'string') {
    return att[0];
  }
  return typeof att === 'string' ? att.split('.')[0] : undefined;
}

/** A number property: a number, a numeric string (CloudFormation takes both), or a token for anything computed. */
export function num(value: unknown): number | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value === 'number') {
    return value;
  }
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) {
    return Number(value);
  }
  return Token.asNumber(value);
}

/** A string property: a string, a number written as one, or a token for anything computed. */
export function str(value: unknown): string | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value === 'string') {
    return value;
  }
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : Token.asString(value);
}

/** A boolean property (`true`, `'true'`); undefined when computed. */
export function bool(value: unknown): boolean | undefined {
  if (value === true || value === 'true') {
    return true;
  }
  return value === false || value === 'false' ? false : undefined;
}

/** A list property; undefined when absent or computed (`Fn::If`, a parameter list). */
export function list(value: unknown): any[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

/** An object property; undefined when absent or computed. */
export function obj(value: unknown): Record<string, any> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) && !isIntrinsic(value) ? value as Record<string, any> : undefined;
}

/** Whether a value is an intrinsic function or a reference (`{ "Ref": ... }`, `{ "Fn::...": ... }`). */
export function isIntrinsic(value: unknown): boolean {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return false;
  }
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::') || keys[0] === 'Condition');
}

/**
 * The CloudFormation names of the properties the rules name the construct way: one segment
 * (`memorySizeInMB`) or the start of a dotted path. A segment not listed is the same word
 * capitalised (`initialInstanceCount` is `InitialInstanceCount`).
 */
const CFN_NAMES: Readonly<Record<string, string>> = {
  // AWS::SageMaker::EndpointConfig ProductionVariant
  containerStartupHealthCheckTimeout: 'ContainerStartupHealthCheckTimeoutInSeconds',
  modelDataDownloadTimeout: 'ModelDataDownloadTimeoutInSeconds',
  instanceProvisionTimeout: 'VariantInstanceProvisionTimeoutInSeconds',
  volumeSize: 'VolumeSizeInGB',
  memorySizeInMB: 'ServerlessConfig.MemorySizeInMB',
  serverless: 'ServerlessConfig',
  networkIsolation: 'EnableNetworkIsolation',
  maxConcurrency: 'ServerlessConfig.MaxConcurrency',
  provisionedConcurrency: 'ServerlessConfig.ProvisionedConcurrency',
  coreDump: 'CoreDumpConfig',
  destinationPrefix: 'DestinationS3Uri',
  capacityReservation: 'CapacityReservationConfig',
  routingStrategy: 'RoutingConfig.RoutingStrategy',
  prefixAwareRouting: 'RoutingConfig.PrefixAwareRoutingConfig',
  model: 'ModelName',
  enableSsmAccess: 'EnableSSMAccess',
  cooldown: 'CooldownInMinutes',
  // AWS::SageMaker::EndpointConfig
  encryptionKey: 'KmsKeyId',
  instanceProductionVariants: 'ProductionVariants',
  serverlessProductionVariant: 'ProductionVariants',
  // AWS::SageMaker::Model
  containers: 'Containers',
  containerHostname: 'ContainerHostname',
  inferenceExecutionMode: 'InferenceExecutionConfig.Mode',
  modelCacheEnabled: 'MultiModelConfig.ModelCacheSetting',
  modelPackage: 'ModelPackageName',
  modelData: 'ModelDataUrl',
  role: 'ExecutionRoleArn',
  securityGroups: 'VpcConfig.SecurityGroupIds',
  vpcSubnets: 'VpcConfig.Subnets',
  vpc: 'VpcConfig',
  // AWS::SageMaker::Endpoint DeploymentConfig
  deployment: 'DeploymentConfig',
  waitInterval: 'WaitIntervalInSeconds',
  terminationWait: 'TerminationWaitInSeconds',
  maximumExecutionTimeout: 'MaximumExecutionTimeoutInSeconds',
  stepSize: 'LinearStepSize',
};

/** A property path as CloudFormation names it: `managedInstanceScaling.minInstanceCount` is `ManagedInstanceScaling.MinInstanceCount`. */
export function cfnPath(path: string): string {
  return path.split('.').map(segment => {
    const m = /^([A-Za-z0-9]+)((?:\[[^\]]*\])*)$/.exec(segment);
    if (!m) {
      return segment;
    }
    const name = CFN_NAMES[m[1]] ?? m[1].charAt(0).toUpperCase() + m[1].slice(1);
    return name + m[2];
  }).join('.');
}

/** How the CloudFormation door names the properties a rule names the construct way. */
export interface Naming {
  /** The CloudFormation path of a property as a rule names it (`variant 'a' memorySizeInMB`). */
  property(name: string): string;
}

/**
 * A problem of a rule with its properties named the CloudFormation way. Every problem has one shape,
 * `<what> (<property>: got <value>; allowed <what>)` (`problem()`): the property is renamed, and in
 * the text before it the property, its last word, or another property it starts with. Python
 * spellings are dropped (CloudFormation names are the same in both languages). A finding of
 * another shape (a warning's sentence) is returned as it is.
 */
export function renamed(message: string, names: Naming): string {
  if (!message.endsWith(')')) {
    return renamedSentence(withoutPythonNames(message), names);
  }
  let depth = 0;
  let open = -1;
  for (let i = message.length - 1; i >= 0; i--) {
    depth += message[i] === ')' ? 1 : message[i] === '(' ? -1 : 0;
    if (depth === 0) {
      open = i;
      break;
    }
  }
  const inside = open > 0 ? message.slice(open + 1, -1) : '';
  const got = inside.indexOf(': got ');
  if (open <= 0 || message[open - 1] !== ' ' || got < 0) {
    return renamedSentence(withoutPythonNames(message), names);
  }
  const property = withoutPythonNames(inside.slice(0, got));
  const cfn = names.property(property);
  const what = withoutPythonNames(message.slice(0, open - 1));
  const bare = property.slice(property.lastIndexOf(' ') + 1);
  let text = replaceName(what, property, cfn);
  if (text === what && bare !== property && /[a-z][A-Z]/.test(bare)) {
    text = replaceName(what, bare, cfn);
  }
  // a text that starts with another property (`containers[0].modelCacheEnabled is ...`): that one too
  const first = /^([a-z][A-Za-z0-9]*(?:\[\d+\])?(?:\.[a-z][A-Za-z0-9]*(?:\[\d+\])?)*)(?=[ :])/.exec(text);
  if (first && /[A-Z[.]/.test(first[1])) {
    text = names.property(first[1]) + text.slice(first[1].length);
  }
  return `${renamedSentence(text, names)} (${cfn}${renamedSentence(withoutPythonNames(inside.slice(got)), names)})`;
}

/**
 * A sentence with each construct property it names (a camelCase name or path, not quoted, not a
 * method call, not a CloudFormation name already) named the CloudFormation way: the warnings'
 * sentences, and the text around a problem's property.
 */
function renamedSentence(text: string, names: Naming): string {
  return text.split(/('[^']*')/).map((part, i) => i % 2 === 1 ? part : part.replace(
    /(?<![\w.[\]/:-])([a-z][A-Za-z0-9]*(?:\[\d*\])?(?:\.[a-z][A-Za-z0-9]*(?:\[\d*\])?)*)(?![\w(.[\]:/-])/g,
    // a name with a capital, not an acronym such as vCPUs
    name => /[A-Z]/.test(name) && !/^[a-z]+[A-Z]+s?$/.test(name) ? names.property(name) : name)).join('');
}

/** `text` with `name` written as `to` where it is a whole name (not the start of a longer one). */
function replaceName(text: string, name: string, to: string): string {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`(?<![A-Za-z0-9_.])${escaped}(?![A-Za-z0-9_])`, 'g'), to);
}

/**
 * The naming of one resource's properties: `locate` maps what a rule names first (`variant 'a'`,
 * `containers[0]`) to where it is in the resource; anything else is named from the resource's top.
 */
export function naming(locate: (name: string) => { readonly at: string; readonly rest: string } | undefined, prefix = ''): Naming {
  return {
    property: name => {
      // `deployment.canarySize (CapacitySize.percent())`: the factory in parentheses is the construct way only
      const bare = name.replace(/ \(.*\)$/, '');
      const located = locate(bare);
      if (located) {
        return located.rest === '' ? located.at : `${located.at}.${cfnPath(located.rest)}`;
      }
      return /^[a-z][A-Za-z0-9]*(\[[^\]]*\])*(\.[a-z][A-Za-z0-9]*(\[[^\]]*\])*)*$/.test(bare) ? `${prefix}${cfnPath(bare)}` : name;
    },
  };
}

/** A `ResourceId` as text, each reference written `{logical id}`; undefined when it is computed otherwise. */
export function resourceIdText(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  const ref = referencedId(value);
  if (ref !== undefined) {
    return `{${ref}}`;
  }
  const join = isIntrinsic(value) ? (value as Record<string, unknown>)['Fn::Join'] : undefined;
  if (Array.isArray(join) && join[0] === '' && Array.isArray(join[1])) {
    const parts = join[1].map(resourceIdText);
    return parts.every(x => x !== undefined) ? parts.join('') : undefined;
  }
  return undefined;
}
