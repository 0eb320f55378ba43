import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { propertyInjectable } from 'aws-cdk-lib/core/lib/prop-injectable';
import { Construct } from 'constructs';
import { EndpointConfig, IEndpointConfig } from './endpoint-config';
import { IEndpointInstanceProductionVariant, IEndpointServerlessProductionVariant } from './endpoint-variant';
import { sagemakerArnForName } from './private/arn';
import { fail } from './private/errors';
import { enforce, ENDPOINT, ENDPOINT_PROPS, validation } from './private/rules';
import { show } from './private/validation';
import { EndpointInstanceProductionVariant, EndpointServerlessProductionVariant } from './private/variants';

/**
 * The Interface for a SageMaker Endpoint resource.
 *
 * Extends aws-cdk-lib's `aws_sagemaker.IEndpoint`, so an endpoint of this library can be passed
 * to aws-cdk-lib integrations (for example API Gateway's `SagemakerIntegration`).
 */
export interface IEndpoint extends sagemaker.IEndpoint {
}

/**
 * Represents an Endpoint resource defined outside this stack.
 */
export interface EndpointAttributes {
  /**
   * The ARN of this endpoint.
   */
  readonly endpointArn: string;
}

/**
 * Construction properties for a SageMaker Endpoint.
 */
export interface EndpointProps {
  /**
   * Name of the endpoint: 1 to 63 letters, digits and hyphens, starting and ending with a
   * letter or digit; unique in the account and region.
   *
   * @default - AWS CloudFormation generates a unique physical ID and uses that ID for the
   * endpoint's name.
   */
  readonly endpointName?: string;

  /**
   * The endpoint configuration to use for this endpoint. It must be in the endpoint's account
   * and region.
   */
  readonly endpointConfig: IEndpointConfig;
}

/** The actions of `grantInvoke`. */
const INVOKE_ACTIONS = ['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointWithResponseStream'];

abstract class EndpointBase extends cdk.Resource implements IEndpoint {
  /**
   * The ARN of the endpoint.
   *
   * @attribute
   */
  public abstract readonly endpointArn: string;

  /**
   * The name of the endpoint.
   *
   * @attribute
   */
  public abstract readonly endpointName: string;

  /**
   * A reference to this endpoint for aws-cdk-lib constructs that take an `IEndpointRef`.
   */
  public get endpointRef(): sagemaker.EndpointReference {
    return { endpointArn: this.endpointArn };
  }

  /**
   * Permits an IAM principal to invoke this endpoint: `sagemaker:InvokeEndpoint` and
   * `sagemaker:InvokeEndpointWithResponseStream` on this endpoint's ARN only.
   *
   * @param grantee The principal to grant access to
   */
  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: INVOKE_ACTIONS,
      resourceArns: [this.endpointArn],
    });
  }
}

/**
 * Defines a SageMaker endpoint.
 *
 * @resource AWS::SageMaker::Endpoint
 */
@propertyInjectable
export class Endpoint extends EndpointBase {
  /** Uniquely identifies this class (property injection). */
  public static readonly PROPERTY_INJECTION_ID: string = 'cdk-sagemaker-hosting.Endpoint';

  /**
   * Imports an Endpoint defined either outside the CDK or in a different CDK stack.
   * @param scope the Construct scope.
   * @param id the resource id.
   * @param endpointArn the ARN of the endpoint.
   */
  public static fromEndpointArn(scope: Construct, id: string, endpointArn: string): IEndpoint {
    return Endpoint.fromEndpointAttributes(scope, id, { endpointArn });
  }

  /**
   * Imports an Endpoint defined either outside the CDK or in a different CDK stack.
   *
   * The ARN is built in the stack's account and region with the name in lower case (SageMaker
   * ARNs are lower case); `endpointName` keeps the case given, as CloudWatch dimensions do.
   *
   * @param scope the Construct scope.
   * @param id the resource id.
   * @param endpointName the name of the endpoint.
   */
  public static fromEndpointName(scope: Construct, id: string, endpointName: string): IEndpoint {
    return new ImportedEndpoint(scope, id, sagemakerArnForName(scope, 'endpoint', endpointName), endpointName);
  }

  /**
   * Imports an Endpoint defined either outside the CDK or in a different CDK stack.
   * @param scope the Construct scope.
   * @param id the resource id.
   * @param attrs the attributes of the endpoint to import.
   */
  public static fromEndpointAttributes(scope: Construct, id: string, attrs: EndpointAttributes): IEndpoint {
    const name = cdk.Stack.of(scope).splitArn(attrs.endpointArn, cdk.ArnFormat.SLASH_RESOURCE_NAME).resourceName!;
    return new ImportedEndpoint(scope, id, attrs.endpointArn, name);
  }

  /**
   * The ARN of the endpoint.
   *
   * @attribute
   */
  public readonly endpointArn: string;

  /**
   * The name of the endpoint.
   *
   * @attribute
   */
  public readonly endpointName: string;

  private readonly endpointConfig: IEndpointConfig;
  private readonly scaledVariants = new Set<string>();

  constructor(scope: Construct, id: string, props: EndpointProps) {
    super(scope, id, { physicalName: props.endpointName });

    enforce(this, ENDPOINT_PROPS, { props, env: this.env });
    const config = props.endpointConfig;
    this.endpointConfig = config;

    const resource = new sagemaker.CfnEndpoint(this, 'Endpoint', {
      endpointConfigName: config.endpointConfigName,
      endpointName: this.physicalName,
    });
    this.node.defaultChild = resource;
    this.node.addValidation(validation(this, [ENDPOINT], () => resource));
    this.endpointName = this.getResourceNameAttribute(resource.attrEndpointName);
    this.endpointArn = this.getResourceArnAttribute(resource.ref, {
      service: 'sagemaker',
      resource: 'endpoint',
      resourceName: this.physicalName,
    });
  }

  /**
   * Get instance production variants associated with endpoint.
   */
  public get instanceProductionVariants(): IEndpointInstanceProductionVariant[] {
    return this.ownedConfig()._instanceProductionVariants.map(v => this.instanceVariant(v.variantName));
  }

  /**
   * Find instance production variant based on variant name
   * @param name Variant name from production variant
   */
  public findInstanceProductionVariant(name: string): IEndpointInstanceProductionVariant {
    return this.instanceVariant(name);
  }

  /**
   * Find the serverless production variant by name, for its metrics and the autoscaling of its
   * provisioned concurrency.
   *
   * @param name the variant name
   */
  public findServerlessProductionVariant(name: string): IEndpointServerlessProductionVariant {
    const variant = this.ownedConfig()._serverlessProductionVariant;
    if (!variant || variant.variantName !== name) {
      fail(this, `No serverless variant with name: '${name}' (the endpoint configuration's serverless variant: `
        + `${variant ? show(variant.variantName) : 'none'})`);
    }
    return new EndpointServerlessProductionVariant(this, variant.variantName, variant.maxConcurrency, variant.provisionedConcurrency);
  }

  /**
   * Records that a variant is autoscaled.
   *
   * @internal
   */
  public _registerScaling(variantName: string): boolean {
    if (this.scaledVariants.has(variantName)) {
      return false;
    }
    this.scaledVariants.add(variantName);
    return true;
  }

  private instanceVariant(name: string): IEndpointInstanceProductionVariant {
    const v = this.ownedConfig()._findInstanceProductionVariant(name);
    return new EndpointInstanceProductionVariant(this, v.variantName, v.initialInstanceCount, v.instanceType);
  }

  private ownedConfig(): EndpointConfig {
    if (!(this.endpointConfig instanceof EndpointConfig)) {
      fail(this, 'Production variant lookup is not supported for an imported IEndpointConfig (the variants of '
        + `${this.endpointConfig.node.path} are not known to the CDK); import the endpoint's variants' metrics with `
        + 'cloudwatch.Metric and dimensions EndpointName and VariantName instead');
    }
    return this.endpointConfig;
  }
}

class ImportedEndpoint extends EndpointBase {
  constructor(scope: Construct, id: string, public readonly endpointArn: string, public readonly endpointName: string) {
    super(scope, id, { environmentFromArn: endpointArn });
  }
}
