/**
 * How long an unresolved token (partition, region, account, parameter) is assumed to be when a
 * policy is sized before deployment: the longest region name is 14 characters.
 */
const TOKEN_SIZE_ESTIMATE = 14;
const ENCODED_TOKEN = /\$\{Token\[[^\]]*\]\}/g;

/**
 * A policy document as it will be deployed, for sizing against a service limit: its JSON with every
 * token at `TOKEN_SIZE_ESTIMATE` characters. Resolving the document first would instead count each
 * `Fn::Join` at its template length, more than twice its deployed length for a root ARN.
 */
export function estimatedPolicyText(document: unknown): string {
  return JSON.stringify(document).replace(ENCODED_TOKEN, 'x'.repeat(TOKEN_SIZE_ESTIMATE));
}
