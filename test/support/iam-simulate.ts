/**
 * A second opinion on the grid: the same request decided by @cloud-copilot/iam-simulate, an IAM
 * simulator written from AWS's policy-evaluation documentation by another team. It is a test-only
 * devDependency (AGPL-3.0-or-later), never part of the published package.
 *
 * Only requests both evaluators model alike are compared; `simulate` answers `undefined` for the
 * others, with the reason counted in `skipped`:
 * - a requester that is an account against a resource or trust policy of its own account: AWS then
 *   also weighs the requester's identity policies, which the grid does not model;
 * - a request the simulator refuses as malformed for its action (its reason is recorded).
 * A request of another account gets an identity policy allowing everything, so that the resource
 * (or trust) policy decides, as it does in our evaluator.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { AccessRequest, Decision, Policy } from './policy-evaluator';

const ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** How many requests were compared, and why the others were not. */
export const tally = { compared: 0, skipped: new Map<string, number>() };

function skip(reason: string): undefined {
  tally.skipped.set(reason, (tally.skipped.get(reason) ?? 0) + 1);
  return undefined;
}

/** The account that owns a resource ARN (`fallback` for ARNs without one, such as S3 buckets). */
function ownerOf(resource: string, fallback: string): string {
  const account = resource.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : fallback;
}

/** The simulator's decision for `request` under `policies`, or undefined when the two evaluators do not model it alike. */
export async function simulate(request: AccessRequest, policies: Policy[], resourceOwner: string): Promise<Decision | undefined> {
  const identity = policies.filter(p => p.kind === 'identity').map(p => p.document);
  const onResource = policies.filter(p => p.kind !== 'identity').map(p => p.document);
  if (onResource.length > 1) {
    return skip('several resource policies');
  }
  if (request.action.startsWith('kms:') && onResource.length === 0) {
    // KMS decides by the key policy first, and the grid gives only the role's policies for these rows.
    return skip('a KMS request without the key policy');
  }
  const owner = ownerOf(request.resource, resourceOwner);
  const p = request.principal;
  const context: Record<string, string> = { ...request.context };
  let principal: string;
  let identityPolicies = identity;
  if ('service' in p) {
    principal = p.service;
  } else {
    principal = `arn:aws:iam::${p.account}:role/requester`;
    if (p.orgId) {
      context['aws:PrincipalOrgID'] = p.orgId;
    }
    if (onResource.length > 0) {
      if (p.account === owner) {
        return skip('an account against a resource policy of its own account');
      }
      identityPolicies = [ALLOW_ALL];
    }
  }
  const response = await runSimulation({
    identityPolicies: identityPolicies.map((policy, i) => ({ name: `p${i}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: onResource[0],
    request: { action: request.action, principal, resource: { accountId: owner, resource: request.resource }, contextVariables: context },
  } as any, {});
  if (response.resultType !== 'single') {
    return skip(response.resultType === 'error'
      ? `refused (${String((response as any).errors?.message ?? 'error')}): ${request.action} on ${request.resource}` : response.resultType);
  }
  switch (response.overallResult) {
    case 'Allowed': return 'Allow';
    case 'ExplicitlyDenied': return 'ExplicitDeny';
    default: return 'ImplicitDeny';
  }
}
