import { Construct } from 'constructs';
import { ScalableInstanceCount, ScalableInstanceCountProps, ScalableProvisionedConcurrency } from '../scalable-instance-count';
import type { InstanceScalingContext, VariantContext } from './scaling-context';

/*
 * The scalable attributes an endpoint variant creates (`autoScaleInstanceCount()`,
 * `autoScaleProvisionedConcurrency()`): the public classes, with the variant they scale given to
 * their constructor.
 */

/** The instance count of an instance variant. */
export class VariantInstanceCount extends ScalableInstanceCount {
  constructor(scope: Construct, id: string, props: ScalableInstanceCountProps, private readonly context: InstanceScalingContext) {
    super(scope, id, props);
  }

  /** @internal */
  protected _variantContext(): VariantContext {
    return this.context;
  }

  /** @internal */
  protected _instanceContext(): InstanceScalingContext {
    return this.context;
  }
}

/** The provisioned concurrency of a serverless variant. */
export class VariantProvisionedConcurrency extends ScalableProvisionedConcurrency {
  constructor(scope: Construct, id: string, props: ScalableInstanceCountProps, private readonly context: VariantContext) {
    super(scope, id, props);
  }

  /** @internal */
  protected _variantContext(): VariantContext {
    return this.context;
  }
}
