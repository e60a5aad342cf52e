/**
 * The policy evaluator of support/policy-evaluator.ts against IAM's documented semantics, so the
 * policy-semantics grid cannot be quietly wrong: each rule it implements, and each construct it
 * must refuse rather than guess.
 */
import {
  AccessRequest, Decision, evaluate, identityPolicy, Policy, PolicyDocument, resolveIntrinsics, resolvePolicy, resourcePolicy, trustPolicy,
  UnsupportedPolicyError, wildcardMatch,
} from './support/policy-evaluator';

const ENV = { account: '999999999999', region: 'us-east-1' };
const A = '111111111111';
const B = '222222222222';
const DEST = 'arn:aws:logs:us-east-1:999999999999:destination:central';

function statement(extra: Record<string, unknown>): Record<string, unknown> {
  return { Effect: 'Allow', Principal: { AWS: A }, Action: 'logs:PutSubscriptionFilter', Resource: DEST, ...extra };
}

function doc(...statements: Record<string, unknown>[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

function req(overrides: Partial<AccessRequest> = {}): AccessRequest {
  return { principal: { account: A }, action: 'logs:PutSubscriptionFilter', resource: DEST, ...overrides };
}

/** The decision of one resource-policy statement for a request. */
function decide(extra: Record<string, unknown>, request: Partial<AccessRequest> = {}): Decision {
  return evaluate(req(request), [resourcePolicy(doc(statement(extra)))]);
}

describe('resolveIntrinsics', () => {
  test.each([
    ['AWS::Partition', 'aws'],
    ['AWS::Region', 'us-east-1'],
    ['AWS::AccountId', '999999999999'],
    ['AWS::URLSuffix', 'amazonaws.com'],
  ])('resolves { Ref: %s } to %s', (name, value) => {
    expect(resolveIntrinsics({ Ref: name }, ENV)).toEqual(value);
  });

  test('takes the partition and URL suffix from the environment when given', () => {
    const env = { ...ENV, partition: 'aws-cn', urlSuffix: 'amazonaws.com.cn' };
    expect(resolveIntrinsics({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':', { Ref: 'AWS::URLSuffix' }]] }, env))
      .toEqual('arn:aws-cn:amazonaws.com.cn');
  });

  test('joins, and resolves resource references from the map, inside objects and arrays', () => {
    const refs = { 'Stream.Arn': 'arn:aws:kinesis:us-east-1:999999999999:stream/s', Bucket: 'b', 'Bucket.Arn': 'arn:aws:s3:::b' };
    const value = {
      Resource: [{ 'Fn::GetAtt': ['Stream', 'Arn'] }, { 'Fn::GetAtt': 'Bucket.Arn' }, { Ref: 'Bucket' }],
      Nested: { 'Fn::Join': ['/', [{ 'Fn::GetAtt': ['Bucket', 'Arn'] }, 'AWSLogs', { Ref: 'AWS::AccountId' }, '*']] },
      Literal: 7,
    };
    expect(resolveIntrinsics(value, ENV, refs)).toEqual({
      Resource: ['arn:aws:kinesis:us-east-1:999999999999:stream/s', 'arn:aws:s3:::b', 'b'],
      Nested: 'arn:aws:s3:::b/AWSLogs/999999999999/*',
      Literal: 7,
    });
  });

  test.each([
    ['an unknown pseudo parameter', { Ref: 'AWS::StackName' }, /unsupported pseudo parameter AWS::StackName/],
    ['AWS::NoValue', { Ref: 'AWS::NoValue' }, /unsupported pseudo parameter/],
    ['a Ref not in the map', { Ref: 'Bucket' }, /no value for \{ Ref: Bucket \}/],
    ['a Fn::GetAtt not in the map', { 'Fn::GetAtt': ['Bucket', 'Arn'] }, /no value for \{ Fn::GetAtt: Bucket.Arn \}/],
    ['a Ref to an Object.prototype name', { Ref: 'constructor' }, /no value/],
    ['Fn::Sub', { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::b' }, /unsupported intrinsic Fn::Sub/],
    ['Fn::If', { 'Fn::If': ['C', 'a', 'b'] }, /unsupported intrinsic Fn::If/],
    ['Fn::ImportValue', { 'Fn::ImportValue': 'Export' }, /unsupported intrinsic Fn::ImportValue/],
    ['Fn::Select', { 'Fn::Select': [0, ['a']] }, /unsupported intrinsic Fn::Select/],
    ['an intrinsic beside other keys', { 'Ref': 'AWS::Region', 'Other': 1 }, /must be the only key/],
    ['a Join of a non-list', { 'Fn::Join': ['', 'abc'] }, /needs a list/],
    ['a Join part that is not a string', { 'Fn::Join': ['', ['a', ['b']]] }, /parts must resolve to strings/],
    ['a malformed Join', { 'Fn::Join': [['a']] }, /Fn::Join takes/],
    ['a malformed GetAtt', { 'Fn::GetAtt': ['Bucket'] }, /Fn::GetAtt takes/],
    ['an unknown intrinsic deep inside', { Statement: [{ Resource: { 'Fn::Sub': 'x' } }] }, /unsupported intrinsic Fn::Sub/],
  ])('throws for %s', (_, value, message) => {
    expect(() => resolveIntrinsics(value, ENV, {})).toThrow(UnsupportedPolicyError);
    expect(() => resolveIntrinsics(value, ENV, {})).toThrow(message);
  });
});

describe('resolvePolicy', () => {
  test('parses a JSON string after resolving its Fn::Join', () => {
    const value = { 'Fn::Join': ['', ['{"Statement":[{"Resource":"arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:1:x"}]}']] };
    expect(resolvePolicy(value, ENV)).toEqual({ Statement: [{ Resource: 'arn:aws:logs:us-east-1:1:x' }] });
  });

  test('returns an object form resolved', () => {
    expect(resolvePolicy({ Statement: [{ Resource: { Ref: 'AWS::Region' } }] }, ENV)).toEqual({ Statement: [{ Resource: 'us-east-1' }] });
  });

  test.each([
    ['text that is not JSON', '{"Statement": ', /not valid JSON/],
    ['a list', [1], /a policy document is an object or a JSON string/],
    ['a number', 5, /a policy document is an object or a JSON string/],
  ])('throws for %s', (_, value, message) => {
    expect(() => resolvePolicy(value, ENV)).toThrow(message);
  });
});

describe('evaluate: decisions', () => {
  test('denies by default: no policy at all', () => {
    expect(evaluate(req(), [])).toEqual('ImplicitDeny');
  });

  test('denies by default: a statement that does not match', () => {
    expect(decide({ Principal: { AWS: B } })).toEqual('ImplicitDeny');
  });

  test('allows when a statement allows', () => {
    expect(decide({})).toEqual('Allow');
  });

  test('an explicit Deny wins over an Allow, in either order and across policies', () => {
    const allow = statement({});
    const deny = statement({ Effect: 'Deny' });
    expect(evaluate(req(), [resourcePolicy(doc(allow, deny))])).toEqual('ExplicitDeny');
    expect(evaluate(req(), [resourcePolicy(doc(deny, allow))])).toEqual('ExplicitDeny');
    expect(evaluate(req(), [resourcePolicy(doc(allow)), resourcePolicy(doc(deny))])).toEqual('ExplicitDeny');
    expect(evaluate(req(), [resourcePolicy(doc(deny))])).toEqual('ExplicitDeny');
  });

  test('a Deny that does not match leaves the Allow alone', () => {
    const policies = [resourcePolicy(doc(statement({}), statement({ Effect: 'Deny', Principal: { AWS: B } })))];
    expect(evaluate(req(), policies)).toEqual('Allow');
  });

  test('a Statement may be a single object', () => {
    expect(evaluate(req(), [resourcePolicy({ Version: '2012-10-17', Statement: statement({}) })])).toEqual('Allow');
  });

  test('identity policies apply to their principal without a Principal element', () => {
    const policy = identityPolicy(doc({ Effect: 'Allow', Action: 'kinesis:PutRecord', Resource: 'arn:aws:kinesis:us-east-1:1:stream/s' }));
    expect(evaluate(req({ action: 'kinesis:PutRecord', resource: 'arn:aws:kinesis:us-east-1:1:stream/s' }), [policy])).toEqual('Allow');
    expect(evaluate(req({ action: 'kinesis:PutRecord', resource: 'arn:aws:kinesis:us-east-1:1:stream/t' }), [policy])).toEqual('ImplicitDeny');
  });

  test('trust policies have no Resource: the role is the resource', () => {
    const policy = trustPolicy(doc({ Effect: 'Allow', Principal: { Service: 'logs.amazonaws.com' }, Action: 'sts:AssumeRole' }));
    const request = { principal: { service: 'logs.amazonaws.com' }, action: 'sts:AssumeRole', resource: 'arn:aws:iam::1:role/r' };
    expect(evaluate(request, [policy])).toEqual('Allow');
    expect(evaluate({ ...request, principal: { service: 'lambda.amazonaws.com' } }, [policy])).toEqual('ImplicitDeny');
  });
});

describe('evaluate: Principal', () => {
  const logs = { service: 'logs.amazonaws.com' };
  test.each<[string, unknown, AccessRequest['principal'], Decision]>([
    ['"*" matches any account', '*', { account: B }, 'Allow'],
    ['"*" matches a service too', '*', logs, 'Allow'],
    ['{ AWS: "*" } is the same as "*"', { AWS: '*' }, { account: B }, 'Allow'],
    ['an account ID matches any principal of that account', { AWS: A }, { account: A }, 'Allow'],
    ['an account ID does not match another account', { AWS: A }, { account: B }, 'ImplicitDeny'],
    ['an account ID does not match a service', { AWS: A }, logs, 'ImplicitDeny'],
    ['a root ARN matches the account', { AWS: `arn:aws:iam::${A}:root` }, { account: A }, 'Allow'],
    ['a root ARN of another partition matches the account', { AWS: `arn:aws-cn:iam::${A}:root` }, { account: A }, 'Allow'],
    ['a root ARN does not match another account', { AWS: `arn:aws:iam::${A}:root` }, { account: B }, 'ImplicitDeny'],
    ['a list matches any of its accounts', { AWS: [B, A] }, { account: A }, 'Allow'],
    ['a service matches itself', { Service: 'logs.amazonaws.com' }, logs, 'Allow'],
    ['a service does not match another service', { Service: 'logs.amazonaws.com' }, { service: 'lambda.amazonaws.com' }, 'ImplicitDeny'],
    ['a service does not match an account', { Service: 'logs.amazonaws.com' }, { account: A }, 'ImplicitDeny'],
    ['a service list matches any of its services', { Service: ['lambda.amazonaws.com', 'logs.amazonaws.com'] }, logs, 'Allow'],
    ['AWS and Service together match either (AWS)', { AWS: A, Service: 'logs.amazonaws.com' }, { account: A }, 'Allow'],
    ['AWS and Service together match either (Service)', { AWS: A, Service: 'logs.amazonaws.com' }, logs, 'Allow'],
  ])('%s', (_, principal, requester, expected) => {
    expect(decide({ Principal: principal }, { principal: requester })).toEqual(expected);
  });
});

describe('evaluate: Action and NotAction', () => {
  test.each<[string, unknown, string, Decision]>([
    ['an exact action', 'logs:PutSubscriptionFilter', 'logs:PutSubscriptionFilter', 'Allow'],
    ['actions are case-insensitive', 'logs:putsubscriptionfilter', 'LOGS:PutSubscriptionFilter', 'Allow'],
    ['another action does not match', 'logs:PutSubscriptionFilter', 'logs:DeleteDestination', 'ImplicitDeny'],
    ['service:* matches the service', 'logs:*', 'logs:DeleteDestination', 'Allow'],
    ['service:* does not match another service', 'logs:*', 'kinesis:PutRecord', 'ImplicitDeny'],
    ['service:* does not match a longer service prefix', 'logs:*', 'logsx:PutRecord', 'ImplicitDeny'],
    ['a prefix wildcard', 'logs:Put*', 'logs:PutDestination', 'Allow'],
    ['a prefix wildcard does not match other names', 'logs:Put*', 'logs:DeleteDestination', 'ImplicitDeny'],
    ['? matches one character', 'logs:Put?ubscriptionFilter', 'logs:PutSubscriptionFilter', 'Allow'],
    ['? matches exactly one character', 'logs:Put?SubscriptionFilter', 'logs:PutSubscriptionFilter', 'ImplicitDeny'],
    ['"*" matches every action', '*', 'iam:PassRole', 'Allow'],
    ['a list matches any of its actions', ['logs:PutAccountPolicy', 'logs:PutSubscriptionFilter'], 'logs:PutSubscriptionFilter', 'Allow'],
  ])('Action: %s', (_, action, requested, expected) => {
    expect(decide({ Action: action }, { action: requested })).toEqual(expected);
  });

  test.each<[string, unknown, string, Decision]>([
    ['allows what it does not list', 'logs:DeleteDestination', 'logs:PutSubscriptionFilter', 'Allow'],
    ['does not allow what it lists', 'logs:DeleteDestination', 'logs:DeleteDestination', 'ImplicitDeny'],
    ['lists with wildcards, case-insensitively', 'LOGS:delete*', 'logs:DeleteDestination', 'ImplicitDeny'],
  ])('NotAction: %s', (_, notAction, requested, expected) => {
    expect(decide({ Action: undefined, NotAction: notAction }, { action: requested })).toEqual(expected);
  });

  test('a Deny with NotAction denies everything else', () => {
    const policies = [resourcePolicy(doc(
      statement({ Action: '*' }),
      statement({ Effect: 'Deny', Action: undefined, NotAction: 'logs:PutSubscriptionFilter' }),
    ))];
    expect(evaluate(req(), policies)).toEqual('Allow');
    expect(evaluate(req({ action: 'logs:DeleteDestination' }), policies)).toEqual('ExplicitDeny');
  });
});

describe('evaluate: Resource and NotResource', () => {
  test.each<[string, unknown, string, Decision]>([
    ['an exact ARN', DEST, DEST, 'Allow'],
    ['ARNs are case-sensitive', DEST, DEST.replace('central', 'Central'), 'ImplicitDeny'],
    ['another ARN does not match', DEST, `${DEST}-2`, 'ImplicitDeny'],
    ['"*" matches anything', '*', 'arn:aws:s3:::b/k', 'Allow'],
    ['* inside the resource part', 'arn:aws:logs:us-east-1:999999999999:destination:*', DEST, 'Allow'],
    ['* spans colons in the resource part', 'arn:aws:logs:us-east-1:999999999999:log-group:g:*', 'arn:aws:logs:us-east-1:999999999999:log-group:g:log-stream:s', 'Allow'],
    ['* in the region part matches any region', 'arn:aws:logs:*:999999999999:destination:central', DEST.replace('us-east-1', 'eu-west-1'), 'Allow'],
    ['* in one part does not reach into the next', 'arn:aws:*:999999999999:destination:central', DEST, 'ImplicitDeny'],
    ['? matches one character', 'arn:aws:logs:us-east-1:999999999999:destination:centra?', DEST, 'Allow'],
    ['? matches exactly one character', 'arn:aws:logs:us-east-1:999999999999:destination:centr?', DEST, 'ImplicitDeny'],
    ['S3 object keys may hold any characters', 'arn:aws:s3:::b/AWSLogs/111111111111/*', 'arn:aws:s3:::b/AWSLogs/111111111111/a:b/c.gz', 'Allow'],
    ['an S3 prefix does not match another prefix', 'arn:aws:s3:::b/AWSLogs/111111111111/*', 'arn:aws:s3:::b/AWSLogs/222222222222/x', 'ImplicitDeny'],
    ['a list matches any of its ARNs', ['arn:aws:s3:::b', DEST], DEST, 'Allow'],
  ])('Resource: %s', (_, resource, requested, expected) => {
    expect(decide({ Resource: resource }, { resource: requested })).toEqual(expected);
  });

  test('NotResource allows every resource it does not list', () => {
    expect(decide({ Resource: undefined, NotResource: `${DEST}-2` })).toEqual('Allow');
    expect(decide({ Resource: undefined, NotResource: 'arn:aws:logs:*:*:destination:*' })).toEqual('ImplicitDeny');
  });
});

describe('evaluate: Condition', () => {
  const SOURCE_ARN = 'arn:aws:logs:us-east-1:111111111111:log-group:app';
  test.each<[string, Record<string, unknown>, Record<string, string>, Decision]>([
    ['StringEquals matches an equal value', { StringEquals: { 'aws:SourceAccount': A } }, { 'aws:SourceAccount': A }, 'Allow'],
    ['StringEquals fails on another value', { StringEquals: { 'aws:SourceAccount': A } }, { 'aws:SourceAccount': B }, 'ImplicitDeny'],
    ['StringEquals is case-sensitive in values', { StringEquals: { 'aws:SourceOrgID': 'o-abc' } }, { 'aws:SourceOrgID': 'O-ABC' }, 'ImplicitDeny'],
    ['condition keys are case-insensitive', { StringEquals: { 'AWS:SOURCEACCOUNT': A } }, { 'aws:sourceAccount': A }, 'Allow'],
    ['values of a key are ORed', { StringEquals: { 'aws:SourceAccount': [B, A] } }, { 'aws:SourceAccount': A }, 'Allow'],
    ['keys of an operator are ANDed (both hold)', { StringEquals: { 'aws:SourceAccount': A, 'aws:SourceOrgID': 'o-x' } },
      { 'aws:SourceAccount': A, 'aws:SourceOrgID': 'o-x' }, 'Allow'],
    ['keys of an operator are ANDed (one fails)', { StringEquals: { 'aws:SourceAccount': A, 'aws:SourceOrgID': 'o-x' } },
      { 'aws:SourceAccount': A, 'aws:SourceOrgID': 'o-y' }, 'ImplicitDeny'],
    ['operators are ANDed (both hold)', { StringEquals: { 'aws:SourceAccount': A }, ArnLike: { 'aws:SourceArn': SOURCE_ARN } },
      { 'aws:SourceAccount': A, 'aws:SourceArn': SOURCE_ARN }, 'Allow'],
    ['operators are ANDed (one fails)', { StringEquals: { 'aws:SourceAccount': A }, ArnLike: { 'aws:SourceArn': SOURCE_ARN } },
      { 'aws:SourceAccount': B, 'aws:SourceArn': SOURCE_ARN }, 'ImplicitDeny'],
    ['a missing key fails StringEquals', { StringEquals: { 'aws:SourceAccount': A } }, {}, 'ImplicitDeny'],
    ['Bool matches its value', { Bool: { 'aws:SecureTransport': 'false' } }, { 'aws:SecureTransport': 'false' }, 'Allow'],
    ['Bool matches in any case', { Bool: { 'aws:SecureTransport': 'TRUE' } }, { 'aws:SecureTransport': 'true' }, 'Allow'],
    ['Bool fails on the other value', { Bool: { 'aws:SecureTransport': 'false' } }, { 'aws:SecureTransport': 'true' }, 'ImplicitDeny'],
    ['a missing key fails Bool', { Bool: { 'aws:SecureTransport': 'false' } }, {}, 'ImplicitDeny'],
    ['a missing key fails StringLike', { StringLike: { 'aws:SourceArn': '*' } }, {}, 'ImplicitDeny'],
    ['a missing key fails ArnLike', { ArnLike: { 'aws:SourceArn': 'arn:*:*:*:*:*' } }, {}, 'ImplicitDeny'],
    ['a missing key passes ...IfExists', { StringEqualsIfExists: { 'aws:SourceAccount': A } }, {}, 'Allow'],
    ['...IfExists still checks a present key', { StringEqualsIfExists: { 'aws:SourceAccount': A } }, { 'aws:SourceAccount': B }, 'ImplicitDeny'],
    ['a missing key passes a negated operator (IAM docs)', { StringNotEquals: { 'aws:SourceAccount': A } }, {}, 'Allow'],
    ['StringNotEquals fails on a listed value', { StringNotEquals: { 'aws:SourceAccount': [A, B] } }, { 'aws:SourceAccount': B }, 'ImplicitDeny'],
    ['StringNotEquals NORs its values', { StringNotEquals: { 'aws:SourceAccount': [A, B] } }, { 'aws:SourceAccount': '333333333333' }, 'Allow'],
    ['StringLike matches * across colons', { StringLike: { 'aws:SourceArn': 'arn:aws:logs:us-east-1:111111111111:*' } },
      { 'aws:SourceArn': SOURCE_ARN }, 'Allow'],
    ['StringLike does not match another region', { StringLike: { 'aws:SourceArn': 'arn:aws:logs:us-east-1:111111111111:*' } },
      { 'aws:SourceArn': SOURCE_ARN.replace('us-east-1', 'eu-west-1') }, 'ImplicitDeny'],
    ['StringLike ? is one character', { StringLike: { 'aws:SourceAccount': '11111111111?' } }, { 'aws:SourceAccount': A }, 'Allow'],
    ['StringLike is case-sensitive', { StringLike: { 'aws:SourceArn': 'arn:aws:logs:*:*:LOG-GROUP:*' } }, { 'aws:SourceArn': SOURCE_ARN }, 'ImplicitDeny'],
    ['StringNotLike fails on a match', { StringNotLike: { 'aws:SourceArn': '*:log-group:*' } }, { 'aws:SourceArn': SOURCE_ARN }, 'ImplicitDeny'],
    ['ArnLike matches part by part', { ArnLike: { 'aws:SourceArn': 'arn:aws:logs:us-east-1:*:log-group:*' } }, { 'aws:SourceArn': SOURCE_ARN }, 'Allow'],
    ['ArnLike: * does not reach into the next part', { ArnLike: { 'aws:SourceArn': 'arn:aws:*:111111111111:log-group:app' } },
      { 'aws:SourceArn': SOURCE_ARN }, 'ImplicitDeny'],
    ['ArnLike fails on a value that is not an ARN', { ArnLike: { 'aws:SourceArn': 'arn:*:*:*:*:*' } }, { 'aws:SourceArn': 'log-group:app' }, 'ImplicitDeny'],
    ['ArnEquals matches an equal ARN', { ArnEquals: { 'aws:SourceArn': SOURCE_ARN } }, { 'aws:SourceArn': SOURCE_ARN }, 'Allow'],
    ['ArnEquals is case-sensitive', { ArnEquals: { 'aws:SourceArn': SOURCE_ARN } }, { 'aws:SourceArn': SOURCE_ARN.toUpperCase() }, 'ImplicitDeny'],
    ['ArnNotLike fails on a match', { ArnNotLike: { 'aws:SourceArn': 'arn:aws:logs:*:*:*' } }, { 'aws:SourceArn': SOURCE_ARN }, 'ImplicitDeny'],
    ['ArnLikeIfExists passes a missing key', { ArnLikeIfExists: { 'aws:SourceArn': 'arn:aws:logs:*:*:*' } }, {}, 'Allow'],
    ['numbers in values compare as strings', { StringEquals: { 'aws:SourceAccount': 111111111111 } }, { 'aws:SourceAccount': A }, 'Allow'],
  ])('%s', (_, condition, context, expected) => {
    expect(decide({ Condition: condition }, { context })).toEqual(expected);
  });

  test('aws:PrincipalOrgID and aws:PrincipalAccount come from the principal', () => {
    const condition = { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } };
    expect(decide({ Principal: '*', Condition: condition }, { principal: { account: B, orgId: 'o-a1b2c3d4e5' } })).toEqual('Allow');
    expect(decide({ Principal: '*', Condition: condition }, { principal: { account: B, orgId: 'o-other00000' } })).toEqual('ImplicitDeny');
    expect(decide({ Principal: '*', Condition: condition }, { principal: { account: B } })).toEqual('ImplicitDeny');
    expect(decide({ Principal: '*', Condition: condition }, { principal: { service: 'logs.amazonaws.com' } })).toEqual('ImplicitDeny');
    expect(decide({ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': B } } }, { principal: { account: B } })).toEqual('Allow');
  });

  test('a Deny condition that holds denies; one that does not hold leaves the Allow', () => {
    const policies: Policy[] = [resourcePolicy(doc(
      statement({}),
      statement({ Effect: 'Deny', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }),
    ))];
    expect(evaluate(req({ principal: { account: A, orgId: 'o-a1b2c3d4e5' } }), policies)).toEqual('Allow');
    expect(evaluate(req({ principal: { account: A, orgId: 'o-other00000' } }), policies)).toEqual('ExplicitDeny');
    expect(evaluate(req(), policies)).toEqual('ExplicitDeny');
  });
});

describe('evaluate: refuses what it does not support', () => {
  test.each<[string, Policy, RegExp]>([
    ['NotPrincipal', resourcePolicy(doc(statement({ Principal: undefined, NotPrincipal: { AWS: A } }))), /NotPrincipal is not supported/],
    ['a role ARN principal', resourcePolicy(doc(statement({ Principal: { AWS: `arn:aws:iam::${A}:role/r` } }))), /only account IDs/],
    ['a malformed account principal', resourcePolicy(doc(statement({ Principal: { AWS: '1111' } }))), /only account IDs/],
    ['a Federated principal', resourcePolicy(doc(statement({ Principal: { Federated: 'cognito-identity.amazonaws.com' } }))), /unsupported principal type Federated/],
    ['a CanonicalUser principal', resourcePolicy(doc(statement({ Principal: { CanonicalUser: 'abc' } }))), /unsupported principal type/],
    ['a malformed service principal', resourcePolicy(doc(statement({ Principal: { Service: 'logs' } }))), /a service principal looks like/],
    ['a resource policy statement without Principal', resourcePolicy(doc(statement({ Principal: undefined }))), /needs a Principal/],
    ['an identity policy statement with a Principal', identityPolicy(doc(statement({}))), /an identity policy has no Principal/],
    ['a trust policy statement with a Resource', trustPolicy(doc(statement({}))), /a trust policy has no Resource/],
    ['an unknown condition operator', resourcePolicy(doc(statement({ Condition: { StringEqualz: { 'aws:SourceAccount': A } } }))),
      /unsupported condition operator StringEqualz/],
    ['an IAM operator outside the subset (NumericLessThan)',
      resourcePolicy(doc(statement({ Condition: { NumericLessThan: { 's3:max-keys': '10' } } }))), /unsupported condition operator NumericLessThan/],
    ['a Bool value that is not true or false', resourcePolicy(doc(statement({ Condition: { Bool: { 'aws:SecureTransport': 'yes' } } }))),
      /a Bool value is true or false/],
    ['an IAM operator outside the subset (StringEqualsIgnoreCase)',
      resourcePolicy(doc(statement({ Condition: { StringEqualsIgnoreCase: { 'aws:SourceAccount': A } } }))), /unsupported condition operator/],
    ['ForAnyValue:', resourcePolicy(doc(statement({ Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'a' } } }))),
      /set operators .* are not supported/],
    ['ForAllValues:', resourcePolicy(doc(statement({ Condition: { 'ForAllValues:StringLike': { 'aws:TagKeys': 'a' } } }))),
      /set operators .* are not supported/],
    ['a policy variable in Resource', resourcePolicy(doc(statement({ Resource: 'arn:aws:s3:::b/${aws:username}/*' }))), /policy variables/],
    ['a policy variable in a condition value',
      resourcePolicy(doc(statement({ Condition: { StringEquals: { 'aws:SourceAccount': '${aws:PrincipalAccount}' } } }))), /policy variables/],
    ['an empty list of condition values', resourcePolicy(doc(statement({ Condition: { StringEquals: { 'aws:SourceAccount': [] } } }))),
      /non-empty list/],
    ['an object as a condition value', resourcePolicy(doc(statement({ Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'X' } } } }))),
      /non-empty list/],
    ['an ArnLike value that is not an ARN', resourcePolicy(doc(statement({ Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:logs:*' } } }))),
      /six colon-separated parts/],
    ['a resource that is not an ARN', resourcePolicy(doc(statement({ Resource: 'central' }))), /a resource is '\*' or an ARN/],
    ['an unresolved intrinsic as Resource', resourcePolicy(doc(statement({ Resource: { 'Fn::GetAtt': ['X', 'Arn'] } }))), /non-empty string/],
    ['an unknown statement element', resourcePolicy(doc(statement({ Sid2: 'x' }))), /unknown statement element/],
    ['an unknown Effect', resourcePolicy(doc(statement({ Effect: 'allow' }))), /Effect must be/],
    ['both Action and NotAction', resourcePolicy(doc(statement({ NotAction: 'logs:*' }))), /exactly one of Action and NotAction/],
    ['neither Action nor NotAction', resourcePolicy(doc(statement({ Action: undefined }))), /exactly one of Action and NotAction/],
    ['both Resource and NotResource', resourcePolicy(doc(statement({ NotResource: DEST }))), /exactly one of Resource and NotResource/],
    ['an empty Action list', resourcePolicy(doc(statement({ Action: [] }))), /non-empty/],
    ['a malformed action', resourcePolicy(doc(statement({ Action: 'PutSubscriptionFilter' }))), /service:Action/],
    ['an unknown Version', resourcePolicy({ Version: '2012-10-18', Statement: [statement({})] }), /unknown policy Version/],
    ['a document without Statement', resourcePolicy({ Version: '2012-10-17' }), /needs a Statement/],
    ['an unknown document element', resourcePolicy({ Version: '2012-10-17', Statement: [], Extra: 1 }), /unknown policy element/],
  ])('throws for %s, whatever the request', (_, policy, message) => {
    expect(() => evaluate(req(), [policy])).toThrow(UnsupportedPolicyError);
    expect(() => evaluate(req(), [policy])).toThrow(message);
    // Also when the statement could not match the request anyway.
    expect(() => evaluate(req({ principal: { account: '333333333333' }, action: 'ec2:RunInstances' }), [policy])).toThrow(message);
  });

  test('an unsupported statement throws even beside one that allows', () => {
    const policies = [resourcePolicy(doc(statement({}))), resourcePolicy(doc(statement({ Condition: { NumericEquals: { 's3:max-keys': '1' } } })))];
    expect(() => evaluate(req(), policies)).toThrow(/unsupported condition operator NumericEquals/);
  });

  test.each<[string, AccessRequest, RegExp]>([
    ['a wildcard action', req({ action: 'logs:*' }), /one concrete service:Action/],
    ['an action without a service', req({ action: 'PutSubscriptionFilter' }), /one concrete service:Action/],
    ['an empty resource', req({ resource: '' }), /names its resource/],
    ['a principal that is both account and service', req({ principal: { account: A, service: 'logs.amazonaws.com' } as any }), /either/],
    ['a malformed account', req({ principal: { account: '111' } }), /12 digits/],
    ['aws:PrincipalOrgID in the context', req({ context: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }), /comes from the request principal/],
    ['a context key given twice', req({ context: { 'aws:SourceAccount': A, 'AWS:SourceAccount': B } }), /given twice/],
  ])('throws for a request with %s', (_, request, message) => {
    expect(() => evaluate(request, [resourcePolicy(doc(statement({})))])).toThrow(message);
  });
});

describe('wildcardMatch', () => {
  test.each<[string, string, boolean, boolean]>([
    ['a*c', 'abbbc', false, true],
    ['a*c', 'ac', false, true],
    ['a?c', 'abc', false, true],
    ['a?c', 'ac', false, false],
    ['a.c', 'abc', false, false],
    ['a+c', 'a+c', false, true],
    ['(a)[b]{c}|^$\\', '(a)[b]{c}|^$\\', false, true],
    ['ABC', 'abc', false, false],
    ['ABC', 'abc', true, true],
    ['a*', 'a\nb', false, true],
  ])('%j against %j (ignoreCase %s) is %s', (pattern, value, ignoreCase, expected) => {
    expect(wildcardMatch(pattern, value, ignoreCase)).toBe(expected);
  });
});
