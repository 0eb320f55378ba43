import * as cdk from 'aws-cdk-lib';
import * as sagemaker from '../src';
import { CATALOGUE, REGION_BITMAPS } from '../src/private/hosting-regions.generated';

describe('InstanceType', () => {
  const constants = Object.entries(sagemaker.InstanceType)
    .filter(([, v]) => v instanceof sagemaker.InstanceType) as Array<[string, sagemaker.InstanceType]>;

  test('has a constant for every hosting type of the CloudFormation enum (277)', () => {
    expect(constants).toHaveLength(277);
    expect(constants.map(([, v]) => v.toString()).sort()).toEqual([...CATALOGUE].sort());
  });

  test('each constant name matches its value', () => {
    for (const [name, value] of constants) {
      const expected = value.toString().replace(/^ml\./, '').toUpperCase().replace(/[^A-Z0-9]/g, '_');
      expect(name).toEqual(expected);
    }
  });

  test('keeps every constant of the alpha', () => {
    const alpha = ['C4_2XLARGE', 'C5_LARGE', 'C5D_XLARGE', 'C6I_32XLARGE', 'G4DN_XLARGE', 'G5_48XLARGE', 'G6_XLARGE',
      'INF1_XLARGE', 'INF2_48XLARGE', 'M4_10XLARGE', 'M5_LARGE', 'M5D_24XLARGE', 'P2_XLARGE', 'P3_16XLARGE',
      'P4D_24XLARGE', 'R5_LARGE', 'R5D_XLARGE', 'T2_MEDIUM', 'T2_2XLARGE'];
    for (const name of alpha) {
      expect((sagemaker.InstanceType as any)[name]).toBeInstanceOf(sagemaker.InstanceType);
    }
    expect(sagemaker.InstanceType.G6_XLARGE.toString()).toEqual('ml.g6.xlarge');
    expect(sagemaker.InstanceType.P6E_GB200_36XLARGE.toString()).toEqual('ml.p6e-gb200.36xlarge');
  });

  test('of() accepts new types and tokens, rejects a missing ml. prefix with the alpha text', () => {
    expect(sagemaker.InstanceType.of('ml.future.xlarge').toString()).toEqual('ml.future.xlarge');
    const stack = new cdk.Stack();
    const param = new cdk.CfnParameter(stack, 'Type');
    expect(sagemaker.InstanceType.of(param.valueAsString).toString()).toEqual(param.valueAsString);
    expect(() => sagemaker.InstanceType.of('m5.large')).toThrow(/^InstanceType: instance type must start with 'ml.' \(instanceType \(instance_type\): got 'm5.large'; allowed a SageMaker hosting instance type such as 'ml.m5.large'\) \[rule: instanceType.prefix\]$/);
  });

  test('region data covers the commercial regions and includes ml.t2.medium where offered', () => {
    expect(Object.keys(REGION_BITMAPS).length).toBeGreaterThanOrEqual(30);
    const t2 = CATALOGUE.indexOf('ml.t2.medium');
    // eslint-disable-next-line no-bitwise
    const bit = (region: string) => (BigInt('0x' + REGION_BITMAPS[region]) >> BigInt(t2)) & BigInt(1);
    expect(bit('us-east-1')).toEqual(BigInt(1));
  });
});

describe('AcceleratorType (deprecated, Elastic Inference is retired)', () => {
  test('keeps the alpha constants and of()', () => {
    expect(sagemaker.AcceleratorType.EIA2_MEDIUM.toString()).toEqual('ml.eia2.medium');
    expect(sagemaker.AcceleratorType.of('ml.eia1.large').toString()).toEqual('ml.eia1.large');
    expect(() => sagemaker.AcceleratorType.of('eia1.large')).toThrow(/^AcceleratorType: accelerator type must start with 'ml.' \(acceleratorType \(accelerator_type\): got 'eia1.large'; allowed an Elastic Inference type such as 'ml.eia2.medium'\) \[rule: acceleratorType.prefix\]$/);
  });
});
