import { renderForNag } from '../../src/private/nag';

describe('renderForNag', () => {
  test('renders resolved CloudFormation values the way cdk-nag names findings', () => {
    expect(renderForNag('*')).toEqual('*');
    expect(renderForNag({ Ref: 'AWS::Partition' })).toEqual('<AWS::Partition>');
    expect(renderForNag({ 'Fn::GetAtt': ['Bucket83908E77', 'Arn'] })).toEqual('<Bucket83908E77.Arn>');
    expect(renderForNag({
      'Fn::Join': ['', [{ 'Fn::GetAtt': ['Bucket83908E77', 'Arn'] }, '/models/*']],
    })).toEqual('<Bucket83908E77.Arn>/models/*');
    expect(renderForNag({ 'Fn::Join': [':', ['arn', { Ref: 'AWS::Partition' }, 'logs']] })).toEqual('arn:<AWS::Partition>:logs');
    expect(renderForNag({ 'Fn::Select': [0, ['a']] })).toEqual('{"Fn::Select":[0,["a"]]}');
  });
});
