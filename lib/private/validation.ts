import { Token } from 'aws-cdk-lib/core';
import { IConstruct } from 'constructs';
import { ROOT_ARN } from './arns';
import { invalidInput } from './errors';

/*
 * How the library names its checks: `checkX` throws a `LogDestinationsError` (through `invalidInput`) as soon as an
 * input breaks a rule; `validateX` is a `node.addValidation` callback, for what only the finished app can tell, and
 * returns its findings (`invalidFinding`) instead of throwing.
 */

const ACCOUNT_ID = /^\d{12}$/;
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
/**
 * What CloudWatch Logs accepts as a destination name: 1-512 characters, none of them `:` or `*`.
 * Characters are code points, as the API and the CloudFormation schema count them (`u` flag), not UTF-16 units.
 */
const DESTINATION_NAME = /^[^:*]{1,512}$/u;
/** A UTF-16 surrogate that is not half of a pair: a string holding one has no UTF-8 form, so no template can carry it. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Checks a 12-digit AWS account ID. Tokens pass through.
 *
 * A root ARN gets its own hint, since that is the usual mistake (it is what `iam.AccountPrincipal` renders).
 */
export function checkAccountId(scope: IConstruct, property: string, account: string): void {
  checkString(scope, property, account, 'an AWS account ID', '\'111111111111\'');
  if (Token.isUnresolved(account) || ACCOUNT_ID.test(account)) {
    return;
  }
  const root = ROOT_ARN.exec(account);
  const fix = root && ACCOUNT_ID.test(root[1])
    ? `Pass the bare account ID '${root[1]}' instead of the root ARN`
    : 'Pass the 12-digit ID of the account, such as \'111111111111\'';
  throw invalidInput(scope, property, account, 'an AWS account ID is exactly 12 digits', fix);
}

/** Checks an AWS Organizations ID (`o-` then 10 to 32 lowercase letters or digits). Tokens pass through. */
export function checkOrganizationId(scope: IConstruct, property: string, organizationId: string): void {
  checkString(scope, property, organizationId, 'an organization ID', '\'o-a1b2c3d4e5\'');
  if (Token.isUnresolved(organizationId) || ORGANIZATION_ID.test(organizationId)) {
    return;
  }
  const hint = /^r-|^ou-/.test(organizationId)
    ? 'That looks like a root or organizational unit ID; use the organization ID shown in the AWS Organizations console'
    : 'Pass the organization ID, such as \'o-a1b2c3d4e5\'';
  throw invalidInput(scope, property, organizationId,
    'an organization ID is \'o-\' followed by 10 to 32 lowercase letters or digits', hint);
}

/** Checks an `AWS::Logs::Destination` name. Tokens pass through. */
export function checkDestinationName(scope: IConstruct, name: string): void {
  checkString(scope, 'destinationName', name, 'a destination name', '\'central-logs\'');
  if (Token.isUnresolved(name) || DESTINATION_NAME.test(name) && !LONE_SURROGATE.test(name)) {
    return;
  }
  const length = [...name].length;
  const why = length === 0 ? 'it is empty'
    : length > 512 ? `it has ${length} characters`
      : LONE_SURROGATE.test(name) ? 'it contains an unpaired UTF-16 surrogate, which has no UTF-8 encoding'
        : 'it contains \':\' or \'*\'';
  throw invalidInput(scope, 'destinationName', name,
    `a destination name has 1 to 512 characters and no ':' or '*' (${why})`,
    'Choose another name, or leave destinationName out to get a generated one');
}

/** What CloudWatch Logs accepts as a delivery source or delivery destination name: 1-60 of `[A-Za-z0-9_-]`. */
const DELIVERY_NAME = /^[\w-]{1,60}$/;

/**
 * Checks an `AWS::Logs::DeliverySource` or `AWS::Logs::DeliveryDestination` name. Tokens pass through.
 *
 * @param property the prop that carried the name, such as `deliveryDestinationName`
 */
export function checkDeliveryName(scope: IConstruct, property: string, name: string): void {
  checkString(scope, property, name, 'a delivery name', '\'central-archive\'');
  if (Token.isUnresolved(name) || DELIVERY_NAME.test(name)) {
    return;
  }
  const why = name.length === 0 ? 'it is empty'
    : name.length > 60 ? `it has ${name.length} characters`
      : `it contains ${[...new Set(name.replace(/[\w-]/g, ''))].map(c => `'${c}'`).join(', ')}`;
  throw invalidInput(scope, property, name,
    `a delivery name has 1 to 60 characters, each a letter, a digit, '_' or '-' (${why})`,
    `Choose another name, or leave ${property} out to get a generated one`);
}

/**
 * Fails unless `value` is a string: jsii's other languages check types, but JavaScript callers can pass a
 * number or an object, which would otherwise fail deep inside with a `TypeError` or render as a JSON number.
 *
 * @param what what the value is, such as 'an AWS account ID'
 * @param example a literal example, quoted
 */
export function checkString(scope: IConstruct, property: string, value: unknown, what: string, example: string): void {
  if (typeof value === 'string') {
    return;
  }
  const given = typeof value === 'object' && value !== null ? 'an object' : `a ${typeof value}`;
  throw invalidInput(scope, property, value, `${what} is a string, and this is ${given}`, `Pass ${what} as a string, such as ${example}`);
}
