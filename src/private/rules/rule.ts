import * as cdk from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { failUnscoped, tagged, throwIfAny } from '../errors';

/*
 * The rule engine. Every constraint the library enforces is a `Rule` in one table per concept
 * (`rules/model.ts`, `rules/container.ts`, `rules/production-variant.ts`, ...); each construct
 * imports its own table and hands it the facts it needs: to `enforce()` (at the call, for a value
 * that cannot change) or to `validation()` (at synth, for what later calls can still change).
 * Rule files never import a construct class. Lookups of things that do not exist
 * (`findInstanceProductionVariant('x')`) and misuse of an asset in two stacks stay where they
 * happen: they are not SageMaker constraints.
 *
 * Every message has one shape: `<what is wrong> (<property>: got <value>; allowed <what>)`,
 * prefixed with the construct path (`problem()` writes it) and ending with the rule's id as
 * `[rule: <id>]` (`findings()` and `warn()` add it), the handle a Python program matches on. The
 * property a rule names is written the TypeScript way with the Python name after it
 * (`initialInstanceCount (initial_instance_count)`); other text is not rewritten, so construct paths
 * and values stay as the user wrote them, and a rule names any other property with `py()`. Advice is
 * language-neutral ("set retainAllVariantProperties (retain_all_variant_properties) to true"). The
 * text before the parentheses keeps the alpha module's wording, which is a contract.
 *
 * The same tables run on CloudFormation properties (`private/cfn/`: `HostingChecks`, the plugins):
 * that door builds the inputs from a template and renames the properties a problem names
 * (`ProductionVariants[0].InitialInstanceCount`). A table or rule it does not run says why in `cfn`.
 */

/**
 * A problem in the library's one shape: `<what is wrong> (<property>: got <value>; allowed <what>)`.
 *
 * @param what what is wrong (the alpha module's text where it has one)
 * @param property the property, as the user wrote it (with the variant or container it belongs to)
 * @param got the value, already rendered (`show()`)
 * @param allowed what is allowed instead
 */
export function problem(what: string, property: string, got: string, allowed: string): string {
  return `${what} (${withPythonNames(property)}: got ${got}; allowed ${allowed})`;
}


/**
 * A property or method named in free text, the TypeScript way with the Python name after it:
 * `py('retainAllVariantProperties')` is `retainAllVariantProperties (retain_all_variant_properties)`,
 * `py('fromBucket()')` is `fromBucket() (from_bucket())`. A name without capitals is returned as it is.
 */
export function py(name: string): string {
  const call = name.endsWith('()') ? '()' : '';
  const bare = call ? name.slice(0, -2) : name;
  // Class names (`InferenceComponent.`) are the same in both languages.
  const python = bare.split('.').map(part => /^[A-Z]/.test(part) ? part : pythonName(part)).join('.');
  return python === bare ? name : `${name} (${python}${call})`;
}

/**
 * A camelCase identifier (`initialInstanceCount`, `fromBucket`, `memorySizeInMB`), or a dotted path
 * of identifiers with indexes (`prefixAwareRouting.concurrencyThreshold`, `instancePools[0].priority`)
 * that has one, optionally called (`()`).
 */
const CAMEL_CASE = /\b((?:[a-z][a-z0-9]*(?:\[\d+\])?\.)*[a-z][a-z0-9]*[A-Z][A-Za-z0-9]*(?:(?:\[\d+\])?\.[a-z][A-Za-z0-9]*)*(?:\[\d+\])?)(\(\))?/g;
/**
 * What is never rewritten: a quoted value (`'myVariant'`), and a word with a `/` in it (a construct
 * path such as `prodStack/sageMaker/endpointConfig`).
 */
const QUOTED = /(^|[\s(\[,=:])('[^']*'|[^\s'()]*[^\s'()/]\/[^\s'()]+)(?=$|[\s)\],;:.])/g;

/** The Python spelling of a camelCase name, as jsii writes it: `memorySizeInMB` → `memory_size_in_mb`. */
export function pythonName(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase();
}

/**
 * The library's convention for property and method names in its own text: the TypeScript name,
 * then the Python name in parentheses, once per message part (`initialInstanceCount
 * (initial_instance_count)`, `fromBucket() (from_bucket())`), so that a Python user recognises
 * it. Quoted values are left as they are; CloudFormation names (`ModelDataUrl`) and enum members
 * (`S3DataType.S3_PREFIX`) are the same in both languages.
 */
export function withPythonNames(text: string): string {
  const seen = new Set<string>();
  const rename = (part: string) => part.replace(CAMEL_CASE, (match: string, name: string, call: string | undefined) => {
    if (seen.has(name)) {
      return match;
    }
    seen.add(name);
    return `${match} (${pythonName(name)}${call ?? ''})`;
  });
  let out = '';
  let last = 0;
  for (const quoted of text.matchAll(QUOTED)) {
    const start = quoted.index! + quoted[1].length;
    out += rename(text.slice(last, start)) + quoted[2];
    last = start + quoted[2].length;
  }
  return out + rename(text.slice(last));
}

/**
 * The inverse of `withPythonNames()`: `text` without the Python spelling after each name
 * (`initialInstanceCount (initial_instance_count)` is `initialInstanceCount` again).
 */
export function withoutPythonNames(text: string): string {
  return text.replace(/((?:[a-z][A-Za-z0-9]*(?:\[\d+\])?\.)*[a-z][A-Za-z0-9]*(?:\[\d+\])?)(\(\))? \(([a-z0-9_.[\]]+)(\(\))?\)/g,
    (match: string, name: string, call: string | undefined, python: string) => pythonName(name) === python ? `${name}${call ?? ''}` : match);
}

/** A property of a variant, as messages name it: `variant '<name>' <property>`. */
export function ofVariant(variantName: string, property: string): string {
  return `variant '${variantName}' ${property}`;
}

/** What a check returns: nothing, a problem, or several. */
export type Finding = string | undefined | ReadonlyArray<string | undefined>;

/** Errors stop synthesis; warnings become annotations and leave the template as it is. */
export type Severity = 'error' | 'warning';

/** One constraint. */
export interface Rule<T> {
  /**
   * A stable identifier, `<resource>.<property>[.<what>]`. A warning is annotated as
   * `cdk-sagemaker-hosting:<the part after the last dot>` unless `annotation` says otherwise.
   */
  readonly id: string;
  /** Where the constraint comes from: the public document (with its URL) that states it, or the alpha module. */
  readonly source: string;
  /** @default 'error' */
  readonly severity?: Severity;
  /**
   * Why the rule is not checked on CloudFormation properties (`HostingChecks`, `HostingChecksPlugin`):
   * the fact it needs that a template does not hold.
   * @default - checked on CloudFormation properties too, when its table is (`RuleSet.cfn`)
   */
  readonly cfn?: string;
  /** The acknowledgeable id of a warning (without the library prefix). */
  readonly annotation?: string;
  /**
   * The problems of `input`, each a sentence naming the property, the bad value and what is
   * allowed. A check reads only values that are not unresolved tokens (AWS CDK tokens).
   */
  readonly check: (input: T) => Finding;
}

/** A table of rules checked together, with how their errors are reported. */
export interface RuleSet<T> {
  /** What the table checks, for the rule counts and the tests. */
  readonly name: string;
  readonly rules: ReadonlyArray<Rule<T>>;
  /**
   * Why the table is not checked on CloudFormation properties (`HostingChecks`,
   * `HostingChecksPlugin`): what it checks that a template does not hold.
   * @default - checked on CloudFormation properties (except its rules that say otherwise)
   */
  readonly cfn?: string;
  /**
   * Report all errors as one message: this text, then the errors separated by `separator` (the
   * alpha module's wording for variant props).
   * @default - one error is the message; several are listed as "N problems"
   */
  readonly summary?: { readonly prefix: string; readonly separator: string };
}

function flatten(finding: Finding): string[] {
  if (finding === undefined) {
    return [];
  }
  const list = typeof finding === 'string' ? [finding] : finding;
  return list.filter((f): f is string => f !== undefined);
}

/** The problems of one severity that a rule set finds in `input`, each tagged with its rule's id. */
export function findings<T>(set: RuleSet<T>, input: T, severity: Severity = 'error'): string[] {
  const found: string[] = [];
  for (const rule of set.rules) {
    if ((rule.severity ?? 'error') !== severity) {
      continue;
    }
    const finding = rule.check(input);
    if (finding !== undefined) {
      for (const message of flatten(finding)) {
        found.push(tagged(message, rule.id));
      }
    }
  }
  return found;
}

/** The acknowledgeable id of a warning rule (`cdk-sagemaker-hosting:<id>`). */
export function annotationId(rule: Rule<any>): string {
  return `cdk-sagemaker-hosting:${rule.annotation ?? rule.id.slice(rule.id.lastIndexOf('.') + 1)}`;
}

/** Annotate the warnings a rule set finds on `scope`, each tagged with its rule's id. */
export function warn<T>(scope: IConstruct, set: RuleSet<T>, input: T): void {
  for (const rule of set.rules) {
    if (rule.severity !== 'warning') {
      continue;
    }
    const finding = rule.check(input);
    if (finding === undefined) {
      continue;
    }
    for (const message of flatten(finding)) {
      cdk.Annotations.of(scope).addWarningV2(annotationId(rule), tagged(message, rule.id));
    }
  }
}

/** The errors of a rule set, formatted as the set says (empty when there are none). */
export function report<T>(set: RuleSet<T>, input: T): string[] {
  const errors = findings(set, input);
  if (errors.length === 0 || !set.summary) {
    return errors;
  }
  return [`${set.summary.prefix}${errors.join(set.summary.separator)}`];
}

/** Throw the errors of a rule set (prefixed with the path of `scope`) and annotate its warnings. */
export function enforce<T>(scope: IConstruct, set: RuleSet<T>, input: T): void {
  throwIfAny(scope, report(set, input));
  warn(scope, set, input);
}

/** Throw the errors of a rule set as a plain `Error`, for values that are not constructs. */
export function enforceUnscoped<T>(set: RuleSet<T>, input: T): void {
  const errors = findings(set, input);
  if (errors.length > 0) {
    failUnscoped(errors);
  }
}

/**
 * Check rule sets at synth (`node.addValidation`): errors are returned for the CDK to report with
 * the construct path, warnings annotated.
 */
export function validation<T>(scope: IConstruct, sets: ReadonlyArray<RuleSet<T>>, input: () => T): { validate(): string[] } {
  return {
    validate: () => {
      const value = input();
      return sets.flatMap(set => {
        warn(scope, set, value);
        return report(set, value);
      });
    },
  };
}
