/** A destination that other accounts and organizations may be granted. */
export interface Subscribable {
  grantSubscribe(account: string): unknown;
  grantSubscribeOrganization(organizationId: string): unknown;
}

/** Grants what the `subscriberAccounts` and `subscriberOrganizationIds` props list: they mean the same as the grant methods. */
export function grantSubscribers(destination: Subscribable, accounts: string[] = [], organizationIds: string[] = []): void {
  for (const account of accounts) {
    destination.grantSubscribe(account);
  }
  for (const organizationId of organizationIds) {
    destination.grantSubscribeOrganization(organizationId);
  }
}
