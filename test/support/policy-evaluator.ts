/**
 * A small IAM policy evaluator for the tests: it decides requests against the policies this
 * library generates, the way IAM does, for the subset of the policy language they use.
 *
 * Two parts:
 * - `resolveIntrinsics` / `resolvePolicy` turn the CloudFormation form of a policy (with `Fn::Join`,
 *   `Ref` and `Fn::GetAtt`) into the literal document AWS would see, given an environment and the
 *   values of the referenced resources;
 * - `evaluate` decides a request: default deny, an explicit `Deny` wins over any `Allow`.
 *
 * Anything outside the supported subset (an unknown intrinsic or reference, `NotPrincipal`, an
 * unknown condition operator, a set operator, a policy variable, a malformed statement) throws:
 * the evaluator never guesses, so it never allows by accident.
 *
 * Written for this project (no code taken from elsewhere), from the IAM documentation:
 * "Policy evaluation logic", "IAM JSON policy elements" (Principal, Action, NotAction, Resource,
 * NotResource, Condition) and "Condition operators".
 */

/** The account and region a template is deployed to, for the pseudo parameters. */
export interface DeployEnvironment {
  readonly account: string;
  readonly region: string;
  /** @default 'aws' */
  readonly partition?: string;
  /** @default 'amazonaws.com' */
  readonly urlSuffix?: string;
}

/**
 * The values of resource references: `LogicalId` for `{ Ref: LogicalId }`, `LogicalId.Attribute`
 * for `{ 'Fn::GetAtt': [LogicalId, Attribute] }`.
 */
export type ReferenceValues = Readonly<Record<string, string>>;

/** An error for anything the evaluator or resolver does not support, or a malformed policy. */
export class UnsupportedPolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedPolicyError';
  }
}

function unsupported(message: string): never {
  throw new UnsupportedPolicyError(message);
}

const PSEUDO_PARAMETERS = ['AWS::Partition', 'AWS::Region', 'AWS::AccountId', 'AWS::URLSuffix'];

/**
 * Resolves the intrinsic functions of a template value: `Fn::Join`, `Ref` of the pseudo parameters
 * `AWS::Partition`, `AWS::Region`, `AWS::AccountId`, `AWS::URLSuffix` (from `env`), and `Ref` /
 * `Fn::GetAtt` of resources (from `refs`). Any other intrinsic, and any reference not in `refs`, throws.
 */
export function resolveIntrinsics(value: unknown, env: DeployEnvironment, refs: ReferenceValues = {}): unknown {
  if (Array.isArray(value)) {
    return value.map(v => resolveIntrinsics(v, env, refs));
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const keys = Object.keys(value);
  const intrinsics = keys.filter(k => k === 'Ref' || k.startsWith('Fn::'));
  if (intrinsics.length === 0) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveIntrinsics(v, env, refs)]));
  }
  if (keys.length !== 1) {
    unsupported(`an intrinsic function must be the only key of its object, got ${JSON.stringify(value)}`);
  }
  const [fn] = keys;
  const arg = (value as Record<string, unknown>)[fn];
  switch (fn) {
    case 'Ref':
      return resolveRef(arg, env, refs);
    case 'Fn::GetAtt':
      return resolveGetAtt(arg, refs);
    case 'Fn::Join':
      return resolveJoin(arg, env, refs);
    default:
      return unsupported(`unsupported intrinsic ${fn} in ${JSON.stringify(value)}`);
  }
}

function resolveRef(name: unknown, env: DeployEnvironment, refs: ReferenceValues): string {
  if (typeof name !== 'string') {
    return unsupported(`Ref takes a name, got ${JSON.stringify(name)}`);
  }
  if (name.startsWith('AWS::')) {
    switch (name) {
      case 'AWS::Partition': return env.partition ?? 'aws';
      case 'AWS::Region': return env.region;
      case 'AWS::AccountId': return env.account;
      case 'AWS::URLSuffix': return env.urlSuffix ?? 'amazonaws.com';
      default: return unsupported(`unsupported pseudo parameter ${name} (supported: ${PSEUDO_PARAMETERS.join(', ')})`);
    }
  }
  return lookup(refs, name, `{ Ref: ${name} }`);
}

function resolveGetAtt(arg: unknown, refs: ReferenceValues): string {
  let parts: unknown[];
  if (typeof arg === 'string') {
    const dot = arg.indexOf('.');
    parts = dot < 0 ? [arg] : [arg.slice(0, dot), arg.slice(dot + 1)];
  } else {
    parts = Array.isArray(arg) ? arg : [];
  }
  if (parts.length !== 2 || parts.some(p => typeof p !== 'string')) {
    return unsupported(`Fn::GetAtt takes [LogicalId, Attribute] of literals, got ${JSON.stringify(arg)}`);
  }
  const key = `${parts[0]}.${parts[1]}`;
  return lookup(refs, key, `{ Fn::GetAtt: ${key} }`);
}

function lookup(refs: ReferenceValues, key: string, what: string): string {
  if (!Object.prototype.hasOwnProperty.call(refs, key)) {
    return unsupported(`no value for ${what}: add '${key}' to the reference values`);
  }
  const value = refs[key];
  if (typeof value !== 'string') {
    return unsupported(`the value of ${what} must be a string, got ${JSON.stringify(value)}`);
  }
  return value;
}

function resolveJoin(arg: unknown, env: DeployEnvironment, refs: ReferenceValues): string {
  if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string') {
    return unsupported(`Fn::Join takes [separator, [values]], got ${JSON.stringify(arg)}`);
  }
  const list = resolveIntrinsics(arg[1], env, refs);
  if (!Array.isArray(list)) {
    return unsupported(`Fn::Join needs a list of values, got ${JSON.stringify(arg[1])}`);
  }
  return list.map(part => {
    if (typeof part !== 'string') {
      return unsupported(`Fn::Join parts must resolve to strings, got ${JSON.stringify(part)}`);
    }
    return part;
  }).join(arg[0]);
}

/**
 * Resolves a policy document from a template: the object form (`PolicyDocument`, `KeyPolicy`,
 * `AssumeRolePolicyDocument`), or a JSON string (a `DestinationPolicy` or `PolicyDocument` of a
 * resource policy, possibly an `Fn::Join`), which is parsed after its intrinsics are resolved.
 */
export function resolvePolicy(value: unknown, env: DeployEnvironment, refs: ReferenceValues = {}): PolicyDocument {
  const resolved = resolveIntrinsics(value, env, refs);
  if (typeof resolved === 'string') {
    try {
      return JSON.parse(resolved);
    } catch (e) {
      return unsupported(`the policy is not valid JSON once resolved: ${(e as Error).message}\n${resolved}`);
    }
  }
  if (resolved === null || typeof resolved !== 'object' || Array.isArray(resolved)) {
    return unsupported(`a policy document is an object or a JSON string, got ${JSON.stringify(resolved)}`);
  }
  return resolved as PolicyDocument;
}

/** A policy document, as written. */
export type PolicyDocument = Record<string, unknown>;

/**
 * Where a policy is attached, which decides how its statements read:
 * - `identity`: attached to the requesting principal, no `Principal` element;
 * - `resource`: attached to a resource, `Principal` and `Resource` (or `NotResource`) required;
 * - `trust`: a role's trust policy, `Principal` required and no `Resource` (the role is the resource).
 */
export type PolicyKind = 'identity' | 'resource' | 'trust';

/** A policy and how it is attached. */
export interface Policy {
  readonly kind: PolicyKind;
  readonly document: PolicyDocument;
}

/** An identity-based policy (a role's inline or attached policy). */
export function identityPolicy(document: PolicyDocument): Policy {
  return { kind: 'identity', document };
}

/** A resource-based policy (bucket policy, key policy, destination access policy, ...). */
export function resourcePolicy(document: PolicyDocument): Policy {
  return { kind: 'resource', document };
}

/** A role trust policy (`AssumeRolePolicyDocument`). */
export function trustPolicy(document: PolicyDocument): Policy {
  return { kind: 'trust', document };
}

/** A principal of an AWS account (any IAM identity of it), optionally in an organization. */
export interface AccountRequester {
  readonly account: string;
  /** The organization of the account, which becomes `aws:PrincipalOrgID`. */
  readonly orgId?: string;
}

/** An AWS service acting as itself, such as `logs.amazonaws.com`. */
export interface ServiceRequester {
  readonly service: string;
}

export type Requester = AccountRequester | ServiceRequester;

/** A request: who calls what on which resource, with which request-context keys. */
export interface AccessRequest {
  readonly principal: Requester;
  /** `service:Action`, such as `logs:PutSubscriptionFilter`. */
  readonly action: string;
  /** The resource ARN (or `*` for actions without a resource). */
  readonly resource: string;
  /**
   * Request context keys such as `aws:SourceArn` and `aws:SourceAccount` (single values only).
   * `aws:PrincipalAccount` and `aws:PrincipalOrgID` come from the principal: do not give them here.
   */
  readonly context?: Readonly<Record<string, string>>;
}

export type Decision = 'Allow' | 'ImplicitDeny' | 'ExplicitDeny';

/**
 * Decides a request against a set of policies, as IAM does for one policy set: an explicit
 * `Deny` in any matching statement wins; otherwise an `Allow` in any matching statement allows;
 * otherwise the request is implicitly denied.
 *
 * Every policy is checked in full first, so an unsupported construct throws whatever the request.
 * (For a cross-account request IAM also needs the caller's own identity policies to allow it;
 * this evaluates only the policies it is given.)
 */
export function evaluate(request: AccessRequest, policies: Policy[]): Decision {
  const statements = policies.flatMap(parsePolicy);
  checkRequest(request);
  const context = requestContext(request);
  let allowed = false;
  for (const statement of statements) {
    if (!statementApplies(statement, request, context)) {
      continue;
    }
    if (statement.effect === 'Deny') {
      return 'ExplicitDeny';
    }
    allowed = true;
  }
  return allowed ? 'Allow' : 'ImplicitDeny';
}

function checkRequest(request: AccessRequest): void {
  if (!/^[a-z0-9-]+:[A-Za-z0-9]+$/i.test(request.action)) {
    unsupported(`a request action is one concrete service:Action, got '${request.action}'`);
  }
  if (typeof request.resource !== 'string' || request.resource === '') {
    unsupported(`a request names its resource, got ${JSON.stringify(request.resource)}`);
  }
  const principal = request.principal as Partial<AccountRequester & ServiceRequester>;
  if ((principal.account === undefined) === (principal.service === undefined)) {
    unsupported(`a request principal is either { account } or { service }, got ${JSON.stringify(principal)}`);
  }
  if (principal.account !== undefined && !/^\d{12}$/.test(principal.account)) {
    unsupported(`an account is 12 digits, got '${principal.account}'`);
  }
}

function requestContext(request: AccessRequest): Map<string, string> {
  const context = new Map<string, string>();
  for (const [key, value] of Object.entries(request.context ?? {})) {
    const lower = key.toLowerCase();
    if (lower === 'aws:principalaccount' || lower === 'aws:principalorgid') {
      unsupported(`${key} comes from the request principal: set it there`);
    }
    if (context.has(lower)) {
      unsupported(`the context key ${key} is given twice (keys are case-insensitive)`);
    }
    if (typeof value !== 'string') {
      unsupported(`context values are single strings, got ${JSON.stringify(value)} for ${key}`);
    }
    context.set(lower, value);
  }
  const principal = request.principal as Partial<AccountRequester>;
  if (principal.account !== undefined) {
    context.set('aws:principalaccount', principal.account);
    if (principal.orgId !== undefined) {
      context.set('aws:principalorgid', principal.orgId);
    }
  }
  return context;
}

interface ParsedStatement {
  readonly effect: 'Allow' | 'Deny';
  /** undefined for identity policies: they apply to the principal they are attached to. */
  readonly principal?: PrincipalMatcher;
  readonly actions: { readonly patterns: string[]; readonly negated: boolean };
  /** undefined for trust policies: the role is the resource. */
  readonly resources?: { readonly patterns: string[]; readonly negated: boolean };
  readonly conditions: ParsedCondition[];
}

interface PrincipalMatcher {
  readonly everyone: boolean;
  readonly accounts: string[];
  readonly services: string[];
}

interface ParsedCondition {
  readonly operator: string;
  readonly base: BaseOperator;
  readonly ifExists: boolean;
  readonly key: string;
  readonly values: string[];
}

type BaseOperator = 'StringEquals' | 'StringNotEquals' | 'StringLike' | 'StringNotLike'
| 'ArnEquals' | 'ArnLike' | 'ArnNotEquals' | 'ArnNotLike' | 'Bool';

const BASE_OPERATORS: BaseOperator[] = [
  'StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Bool',
];
const NEGATED_OPERATORS: BaseOperator[] = ['StringNotEquals', 'StringNotLike', 'ArnNotEquals', 'ArnNotLike'];
const STATEMENT_KEYS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
const DOCUMENT_KEYS = ['Version', 'Id', 'Statement'];

function parsePolicy(policy: Policy): ParsedStatement[] {
  const { kind, document } = policy;
  if (!['identity', 'resource', 'trust'].includes(kind)) {
    unsupported(`unknown policy kind '${kind}'`);
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    unsupported(`a policy document is an object, got ${JSON.stringify(document)}`);
  }
  const extra = Object.keys(document).filter(k => !DOCUMENT_KEYS.includes(k));
  if (extra.length > 0) {
    unsupported(`unknown policy element(s) ${extra.join(', ')}`);
  }
  if (document.Version !== undefined && document.Version !== '2012-10-17' && document.Version !== '2008-10-17') {
    unsupported(`unknown policy Version ${JSON.stringify(document.Version)}`);
  }
  const raw = document.Statement;
  if (raw === undefined) {
    unsupported('a policy document needs a Statement');
  }
  const statements = Array.isArray(raw) ? raw : [raw];
  return statements.map(s => parseStatement(kind, s));
}

function parseStatement(kind: PolicyKind, statement: any): ParsedStatement {
  if (statement === null || typeof statement !== 'object' || Array.isArray(statement)) {
    unsupported(`a statement is an object, got ${JSON.stringify(statement)}`);
  }
  const where = `in statement ${JSON.stringify(statement)}`;
  const extra = Object.keys(statement).filter(k => !STATEMENT_KEYS.includes(k));
  if (extra.length > 0) {
    unsupported(`unknown statement element(s) ${extra.join(', ')} ${where}`);
  }
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
    unsupported(`Effect must be "Allow" or "Deny", got ${JSON.stringify(statement.Effect)} ${where}`);
  }
  if (statement.NotPrincipal !== undefined) {
    unsupported(`NotPrincipal is not supported ${where}`);
  }
  let principal: PrincipalMatcher | undefined;
  if (kind === 'identity') {
    if (statement.Principal !== undefined) {
      unsupported(`an identity policy has no Principal ${where}`);
    }
  } else {
    if (statement.Principal === undefined) {
      unsupported(`a ${kind} policy statement needs a Principal ${where}`);
    }
    principal = parsePrincipal(statement.Principal, where);
  }

  const actions = parsePair(statement, 'Action', 'NotAction', where);
  for (const pattern of actions.patterns) {
    if (pattern !== '*' && !/^[a-z0-9-]+:[A-Za-z0-9*?]+$/i.test(pattern)) {
      unsupported(`an action is '*' or 'service:Action' (wildcards allowed), got '${pattern}' ${where}`);
    }
  }

  let resources: ParsedStatement['resources'];
  if (kind === 'trust') {
    if (statement.Resource !== undefined || statement.NotResource !== undefined) {
      unsupported(`a trust policy has no Resource ${where}`);
    }
  } else {
    resources = parsePair(statement, 'Resource', 'NotResource', where);
    for (const pattern of resources.patterns) {
      rejectVariables(pattern, where);
      if (pattern !== '*' && arnParts(pattern) === undefined) {
        unsupported(`a resource is '*' or an ARN, got '${pattern}' ${where}`);
      }
    }
  }

  return { effect: statement.Effect, principal, actions, resources, conditions: parseConditions(statement.Condition, where) };
}

function parsePair(statement: any, positive: string, negative: string, where: string): { patterns: string[]; negated: boolean } {
  const has = statement[positive] !== undefined;
  const hasNot = statement[negative] !== undefined;
  if (has === hasNot) {
    unsupported(`a statement needs exactly one of ${positive} and ${negative} ${where}`);
  }
  const value = has ? statement[positive] : statement[negative];
  return { patterns: stringList(value, has ? positive : negative, where), negated: hasNot };
}

function stringList(value: unknown, what: string, where: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || list.some(v => typeof v !== 'string' || v === '')) {
    unsupported(`${what} must be a non-empty string or list of non-empty strings, got ${JSON.stringify(value)} ${where}`);
  }
  return list as string[];
}

function rejectVariables(value: string, where: string): void {
  if (value.includes('${')) {
    unsupported(`policy variables are not supported, got '${value}' ${where}`);
  }
}

function parsePrincipal(value: unknown, where: string): PrincipalMatcher {
  if (value === '*') {
    return { everyone: true, accounts: [], services: [] };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return unsupported(`Principal is "*" or an object, got ${JSON.stringify(value)} ${where}`);
  }
  const matcher = { everyone: false, accounts: [] as string[], services: [] as string[] };
  for (const [type, raw] of Object.entries(value)) {
    const values = stringList(raw, `Principal.${type}`, where);
    if (type === 'AWS') {
      for (const v of values) {
        const root = /^arn:[a-z-]+:iam::(\d{12}):root$/.exec(v);
        if (v === '*') {
          // IAM documents { "AWS": "*" } as equivalent to "*".
          matcher.everyone = true;
        } else if (/^\d{12}$/.test(v)) {
          matcher.accounts.push(v);
        } else if (root) {
          matcher.accounts.push(root[1]);
        } else {
          unsupported(`only account IDs, account root ARNs and "*" are supported as AWS principals, got '${v}' ${where}`);
        }
      }
    } else if (type === 'Service') {
      for (const v of values) {
        if (!/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(v)) {
          unsupported(`a service principal looks like name.amazonaws.com, got '${v}' ${where}`);
        }
        matcher.services.push(v);
      }
    } else {
      unsupported(`unsupported principal type ${type} ${where}`);
    }
  }
  if (!matcher.everyone && matcher.accounts.length === 0 && matcher.services.length === 0) {
    unsupported(`empty Principal ${where}`);
  }
  return matcher;
}

function parseConditions(value: unknown, where: string): ParsedCondition[] {
  if (value === undefined) {
    return [];
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return unsupported(`Condition is an object, got ${JSON.stringify(value)} ${where}`);
  }
  const conditions: ParsedCondition[] = [];
  for (const [operator, block] of Object.entries(value)) {
    if (operator.includes(':')) {
      unsupported(`set operators (${operator}) are not supported ${where}`);
    }
    const ifExists = operator.endsWith('IfExists');
    const base = (ifExists ? operator.slice(0, -'IfExists'.length) : operator) as BaseOperator;
    if (!BASE_OPERATORS.includes(base)) {
      unsupported(`unsupported condition operator ${operator} ${where}`);
    }
    if (block === null || typeof block !== 'object' || Array.isArray(block) || Object.keys(block).length === 0) {
      unsupported(`the ${operator} block is an object of keys to values, got ${JSON.stringify(block)} ${where}`);
    }
    const seen = new Set<string>();
    for (const [key, raw] of Object.entries(block)) {
      const lower = key.toLowerCase();
      if (seen.has(lower)) {
        unsupported(`the condition key ${key} appears twice under ${operator} ${where}`);
      }
      seen.add(lower);
      const list = Array.isArray(raw) ? raw : [raw];
      if (list.length === 0 || list.some(v => typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')) {
        unsupported(`condition values are a non-empty list of strings, got ${JSON.stringify(raw)} for ${key} ${where}`);
      }
      const values = list.map(String);
      values.forEach(v => rejectVariables(v, where));
      if (base === 'Bool' && values.some(v => !/^(true|false)$/i.test(v))) {
        unsupported(`a Bool value is true or false, got ${JSON.stringify(raw)} for ${key} ${where}`);
      }
      if (base.startsWith('Arn')) {
        values.forEach(v => {
          if (arnParts(v) === undefined) {
            unsupported(`an ${base} value is an ARN pattern of six colon-separated parts, got '${v}' ${where}`);
          }
        });
      }
      conditions.push({ operator, base, ifExists, key: lower, values });
    }
  }
  return conditions;
}

function statementApplies(statement: ParsedStatement, request: AccessRequest, context: Map<string, string>): boolean {
  if (statement.principal && !principalMatches(statement.principal, request.principal)) {
    return false;
  }
  const actionHit = statement.actions.patterns.some(p => wildcardMatch(p, request.action, true));
  if (actionHit === statement.actions.negated) {
    return false;
  }
  if (statement.resources) {
    const resourceHit = statement.resources.patterns.some(p => resourceMatches(p, request.resource));
    if (resourceHit === statement.resources.negated) {
      return false;
    }
  }
  return statement.conditions.every(c => conditionHolds(c, context));
}

function principalMatches(matcher: PrincipalMatcher, principal: Requester): boolean {
  if (matcher.everyone) {
    return true;
  }
  if ('service' in principal) {
    return matcher.services.includes(principal.service);
  }
  // An account principal stands for every IAM identity of that account.
  return matcher.accounts.includes(principal.account);
}

/** Matches `*` (any run of characters) and `?` (one character); everything else is literal. */
export function wildcardMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern.split('').map(c => {
    if (c === '*') {
      return '.*';
    }
    if (c === '?') {
      return '.';
    }
    return c.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }).join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

/** The six colon-separated parts of an ARN (the last may contain colons), or undefined when it is not one. */
function arnParts(value: string): string[] | undefined {
  const parts = value.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') {
    return undefined;
  }
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/** IAM matches ARNs part by part: a wildcard in one part does not reach into the next. */
function arnMatches(pattern: string, value: string): boolean {
  const p = arnParts(pattern);
  const v = arnParts(value);
  if (!p || !v) {
    return false;
  }
  return p.every((part, i) => wildcardMatch(part, v[i], false));
}

function resourceMatches(pattern: string, resource: string): boolean {
  if (pattern === '*') {
    return true;
  }
  return arnMatches(pattern, resource);
}

function conditionHolds(condition: ParsedCondition, context: Map<string, string>): boolean {
  const value = context.get(condition.key);
  const negated = NEGATED_OPERATORS.includes(condition.base);
  if (value === undefined) {
    // IAM: a missing key makes a condition false, except for ...IfExists and the negated operators, which hold.
    return condition.ifExists || negated;
  }
  const hit = condition.values.some(expected => {
    switch (condition.base) {
      case 'StringEquals':
      case 'StringNotEquals':
        return expected === value;
      case 'StringLike':
      case 'StringNotLike':
        return wildcardMatch(expected, value, false);
      case 'Bool':
        // "Boolean condition operators" (IAM JSON policy elements): true or false, in any case.
        return expected.toLowerCase() === value.toLowerCase();
      default:
        // ArnEquals and ArnLike behave the same: part by part, case-sensitive, with wildcards.
        return arnMatches(expected, value);
    }
  });
  // Values are ORed; for a negated operator they are NORed.
  return negated ? !hit : hit;
}
