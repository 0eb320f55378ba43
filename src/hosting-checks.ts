import * as fs from 'fs';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { CfnFinding, CHECKED_TYPES, CFN_RULE_SETS, checkedOnCfn, checkResource, checkTemplate } from './private/cfn/doors';
import { TemplateView } from './private/cfn/template';
import { BRANDS, hasBrand } from './private/facts';

/*
 * This library's rules for every SageMaker hosting resource of an app, whoever made it: an Aspect
 * over the L1 resources in scope, and a policy-validation plugin over the synthesized templates.
 * Both run the CloudFormation door (`private/cfn/`).
 */

/** Whether a resource was made by a construct of this library (which checks it itself). */
function ofThisLibrary(resource: IConstruct): boolean {
  const brands = Object.values(BRANDS);
  return resource.node.scopes.some(scope => brands.some(b => hasBrand(scope, b)));
}

/**
 * Runs this library's hosting rules on every `AWS::SageMaker::Model`, `EndpointConfig` and `Endpoint`,
 * and on SageMaker's `AWS::ApplicationAutoScaling::ScalableTarget` and `ScalingPolicy`, in scope that
 * this library did not create: L1 resources, `@aws-cdk/aws-sagemaker-alpha`, other construct
 * libraries. The resources of this library's constructs are not checked again (their constructs
 * check them).
 *
 * A problem SageMaker or CloudFormation rejects is an error annotation (`cdk synth` fails); one that
 * may fail is an acknowledgeable warning. Each names the CloudFormation property, the value and what
 * is allowed, and ends with the rule's id (`[rule: <id>]`). Values CloudFormation computes (`Ref`,
 * `Fn::GetAtt`, parameters) are not checked.
 *
 * Properties set with `addPropertyOverride()` are read as the template will hold them. One line
 * adds it to an app: `cdk.Aspects.of(app).add(new HostingChecks())`.
 */
export class HostingChecks implements cdk.IAspect {
  /**
   * The problems of a CloudFormation template (its JSON, as a synthesized template or one written by
   * hand): the same rules as the aspect, on every SageMaker hosting resource of the template. The
   * command `cdk-sagemaker-hosting-check template.json` (npm package) prints them.
   *
   * @param template the template, parsed (`json.load()`, `JSON.parse()`)
   * @param options where the template deploys
   */
  public static checkTemplate(template: any, options: TemplateCheckOptions = {}): HostingFinding[] {
    const resources = template && typeof template === 'object' ? template.Resources ?? {} : {};
    const view = new TemplateView(resources, { account: options.account ?? cdk.Aws.ACCOUNT_ID, region: options.region ?? cdk.Aws.REGION });
    return checkTemplate(view).map(f => ({
      ruleId: f.ruleId,
      severity: f.severity,
      logicalId: f.logicalId,
      constructPath: view.get(f.logicalId)?.path,
      message: f.message,
    }));
  }

  private readonly views = new WeakMap<cdk.Stack, TemplateView>();

  /** Check each SageMaker hosting resource that `node` is. */
  public visit(node: IConstruct): void {
    if (!cdk.CfnResource.isCfnResource(node) || !CHECKED_TYPES.includes(node.cfnResourceType) || ofThisLibrary(node)) {
      return;
    }
    const stack = cdk.Stack.of(node);
    const view = this.viewOf(stack);
    const resource = view.get(stack.resolve(node.logicalId));
    if (!resource) {
      return;
    }
    for (const finding of checkResource(view, resource)) {
      if (finding.severity === 'error') {
        cdk.Annotations.of(node).addError(finding.message);
      } else {
        cdk.Annotations.of(node).addWarningV2(finding.annotation, finding.message);
      }
    }
  }

  /**
   * The stack's SageMaker hosting resources as CloudFormation will get them (read once per stack:
   * the aspect runs when the app is complete).
   */
  private viewOf(stack: cdk.Stack): TemplateView {
    let view = this.views.get(stack);
    if (!view) {
      const resources: Record<string, unknown> = {};
      for (const c of stack.node.findAll()) {
        if (cdk.CfnResource.isCfnResource(c) && CHECKED_TYPES.includes(c.cfnResourceType) && cdk.Stack.of(c) === stack) {
          try {
            Object.assign(resources, stack.resolve(c._toCloudFormation()).Resources);
          } catch {
            // a resource that cannot be rendered yet is not checked
          }
        }
      }
      view = new TemplateView(resources, { account: stack.account, region: stack.region });
      this.views.set(stack, view);
    }
    return view;
  }
}

/** Where a template checked by `HostingChecks.checkTemplate()` deploys. */
export interface TemplateCheckOptions {
  /**
   * The account.
   * @default - not known (`AWS::AccountId`)
   */
  readonly account?: string;
  /**
   * The region: the rules that depend on it (instance types offered there) use it.
   * @default - not known (`AWS::Region`)
   */
  readonly region?: string;
}

/** A problem found in a template. */
export interface HostingFinding {
  /** The id of the rule (`serverlessVariant.memorySizeInMB`). */
  readonly ruleId: string;
  /** `error` (SageMaker or CloudFormation rejects it) or `warning` (it may fail, or not do what was meant). */
  readonly severity: string;
  /** The logical id of the resource. */
  readonly logicalId: string;
  /**
   * The construct path of the resource (`aws:cdk:path` metadata).
   * @default - none (a template written by hand)
   */
  readonly constructPath?: string;
  /** The problem: the CloudFormation property, the value, what is allowed, and `[rule: <id>]`. */
  readonly message: string;
}

/**
 * Options of `HostingChecksPlugin`.
 */
export interface HostingChecksPluginProps {
  /**
   * Report the warnings too (as violations of severity `warning`), not only the errors.
   *
   * @default false
   */
  readonly reportWarnings?: boolean;
}

/**
 * A policy-validation plugin (`IPolicyValidationPluginBeta1`, for `App`'s `policyValidationBeta1`) that
 * runs this library's hosting rules on the synthesized templates: whatever reached a template is
 * checked, including property overrides on this library's own constructs and resources of any other
 * library. Each violation carries the rule id, the resource's logical id and construct path, the
 * CloudFormation property, and what is allowed. aws-cdk-lib deprecates `policyValidationBeta1` in
 * favour of `Validations.of(app).addPlugins()`, which takes `HostingChecksValidationPlugin`. Use:
 * `new cdk.App({ policyValidationBeta1: [new HostingChecksPlugin()] })`.
 */
export class HostingChecksPlugin implements cdk.IPolicyValidationPluginBeta1 {
  /** The plugin's name in the validation report. */
  public readonly name = 'cdk-sagemaker-hosting';
  /** The ids of the rules the plugin runs. */
  public readonly ruleIds?: string[];
  private readonly reportWarnings: boolean;

  constructor(props: HostingChecksPluginProps = {}) {
    this.reportWarnings = props.reportWarnings ?? false;
    this.ruleIds = ruleIdsFor(this.reportWarnings);
  }

  /** Check the templates of the app. */
  public validate(context: cdk.IPolicyValidationContextBeta1): cdk.PolicyValidationPluginReportBeta1 {
    const envs = new Map<string, { account: string; region: string }>();
    for (const c of context.appConstruct.node.findAll()) {
      if (cdk.Stack.isStack(c)) {
        envs.set(c.templateFile, { account: c.account, region: c.region });
      }
    }
    return validateTemplates(context.templatePaths.map(templatePath => ({ templatePath, env: envs.get(path.basename(templatePath)) })),
      this.reportWarnings);
  }
}

/**
 * The same as `HostingChecksPlugin`, for `Validations.of(app).addPlugins()` (`IPolicyValidationPlugin`,
 * which replaces the deprecated `policyValidationBeta1`): `cdk.Validations.of(app).addPlugins(new HostingChecksValidationPlugin())`.
 */
export class HostingChecksValidationPlugin implements cdk.IPolicyValidationPlugin {
  /** The plugin's name in the validation report. */
  public readonly name = 'cdk-sagemaker-hosting';
  /** The ids of the rules the plugin runs. */
  public readonly ruleIds?: string[];
  private readonly reportWarnings: boolean;

  constructor(props: HostingChecksPluginProps = {}) {
    this.reportWarnings = props.reportWarnings ?? false;
    this.ruleIds = ruleIdsFor(this.reportWarnings);
  }

  /** Check the templates of the app. */
  public validate(context: cdk.IPolicyValidationContext): cdk.PolicyValidationPluginReport {
    return validateTemplates(context.stackTemplates.map(stack => ({
      templatePath: stack.templatePath,
      env: { account: stack.accountId ?? cdk.Aws.ACCOUNT_ID, region: stack.region ?? cdk.Aws.REGION },
    })), this.reportWarnings);
  }
}

/** The ids of the rules a plugin runs. */
function ruleIdsFor(reportWarnings: boolean): string[] {
  return CFN_RULE_SETS.flatMap(set => set.rules
    .filter(rule => checkedOnCfn(set, rule) && (reportWarnings || (rule.severity ?? 'error') === 'error'))
    .map(rule => rule.id));
}

/** The report of the templates of an app (env: where each deploys, when known). */
function validateTemplates(templates: ReadonlyArray<{ templatePath: string; env?: { account: string; region: string } }>,
  reportWarnings: boolean): cdk.PolicyValidationPluginReportBeta1 {
  const violations: cdk.PolicyViolationBeta1[] = [];
  for (const { templatePath, env } of templates) {
    const template = JSON.parse(fs.readFileSync(templatePath, 'utf-8'));
    const view = new TemplateView(template.Resources ?? {}, env ?? { account: cdk.Aws.ACCOUNT_ID, region: cdk.Aws.REGION });
    for (const finding of checkTemplate(view)) {
      if (finding.severity === 'error' || reportWarnings) {
        violations.push(violation(view, finding, templatePath));
      }
    }
  }
  return { success: !violations.some(v => v.severity === 'error'), violations };
}

/** A finding as the validation report shows it. */
function violation(view: TemplateView, finding: CfnFinding, templatePath: string): cdk.PolicyViolationBeta1 {
  const resource = view.get(finding.logicalId);
  const property = /\(([^():]+): got /.exec(finding.message)?.[1];
  const allowed = /; allowed (.*)\) \[rule: [^\]]+\]$/.exec(finding.message)?.[1];
  return {
    ruleName: finding.ruleId,
    description: resource?.path ? `${resource.path}: ${finding.message}` : finding.message,
    fix: allowed !== undefined ? `${property ?? 'The property'}: allowed ${allowed}.` : undefined,
    severity: finding.severity,
    violatingResources: [{
      resourceLogicalId: finding.logicalId,
      templatePath,
      locations: [property ? `Properties.${property}` : 'Properties'],
    }],
  };
}
