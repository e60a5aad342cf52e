import { Token } from 'aws-cdk-lib/core';
import { IConstruct } from 'constructs';
import { invalidInput } from './private/errors';
import { checkNonEmpty, listCondition } from './private/filter-expressions';
import { checkArgs } from './private/guard';
import { callHook } from './private/hooks';
import { checkAccountId, checkOrganizationId } from './private/validation';

/** An organizational unit ID, as AWS Organizations documents it. */
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;

/**
 * Which accounts of the organization a centralization rule copies logs from: the `Scope` of
 * `AWS::ObservabilityAdmin::OrganizationCentralizationRule` (at most 2,000 characters).
 *
 * The keys and operators are those of the CloudWatch Logs User Guide ("Cross-account cross-Region log
 * centralization": "Supported Keys: OrganizationId | OrganizationUnitId | AccountId | *", "Supported
 * Operators: = | IN | OR"). Scopes combine with `or()`, such as accounts OR organizational units; AWS
 * documents no `AND`.
 */
export abstract class CentralizationScope {
  /**
   * Every account of the organization: `OrganizationId = '<id>'`.
   *
   * @param organizationId the organization ID, such as `o-a1b2c3d4e5`
   */
  public static organization(organizationId: string): CentralizationScope {
    checkArgs('CentralizationScope.organization', [organizationId]);
    return new RenderedScope(scope => {
      checkOrganizationId(scope, 'scope', organizationId);
      return `OrganizationId = '${organizationId}'`;
    });
  }

  /**
   * The listed accounts: `AccountId = '<id>'` for one, `AccountId IN ('<id>', ...)` for several.
   *
   * @param accountIds 12-digit account IDs of the organization
   */
  public static accounts(accountIds: string[]): CentralizationScope {
    checkArgs('CentralizationScope.accounts', [accountIds]);
    return new RenderedScope(scope => {
      checkNonEmpty(scope, 'scope', accountIds, 'Name at least one account, or use CentralizationScope.organization()');
      accountIds.forEach(id => checkAccountId(scope, 'scope', id));
      return listCondition('AccountId', accountIds);
    });
  }

  /**
   * The accounts of the listed organizational units: `OrganizationUnitId = '<id>'` or
   * `OrganizationUnitId IN ('<id>', ...)` (the key is AWS's `OrganizationUnitId`, not `OrganizationalUnitId`).
   *
   * @param organizationalUnitIds OU IDs, such as `ou-ab12-cd34ef56`
   */
  public static organizationalUnits(organizationalUnitIds: string[]): CentralizationScope {
    checkArgs('CentralizationScope.organizationalUnits', [organizationalUnitIds]);
    return new RenderedScope(scope => {
      checkNonEmpty(scope, 'scope', organizationalUnitIds, 'Name at least one organizational unit, or use CentralizationScope.organization()');
      for (const id of organizationalUnitIds) {
        if (!Token.isUnresolved(id) && !OU_ID.test(id)) {
          throw invalidInput(scope, 'scope', id,
            'an organizational unit ID is \'ou-\', 4 to 32 lowercase letters or digits (the root ID without \'r-\'), \'-\', then 8 to 32 more',
            'Copy the ID from the AWS Organizations console, such as \'ou-ab12-cd34ef56\'');
        }
      }
      return listCondition('OrganizationUnitId', organizationalUnitIds);
    });
  }

  /**
   * A `Scope` string written by hand, passed through as is (only its length is checked).
   *
   * @param scope the scope expression, such as `AccountId = '111111111111'`
   */
  public static fromString(scope: string): CentralizationScope {
    checkArgs('CentralizationScope.fromString', [scope]);
    return new RenderedScope(() => scope);
  }

  /**
   * Renders a scope of this copy of the library or another, for the construct `scope` that uses it.
   *
   * @internal
   */
  public static _renderOf(scope: IConstruct, centralizationScope: CentralizationScope): string {
    return callHook(scope, 'scope', centralizationScope, 'CentralizationScope',
      'CentralizationScope.organization(), accounts(), organizationalUnits() or fromString()', '_render', scope);
  }

  /**
   * The accounts of this scope and those of the other: `<this> OR <other>`, such as
   * `AccountId IN ('111111111111', '222222222222') OR OrganizationUnitId = 'ou-ab12-cd34ef56'`.
   * `OR` is the only operator that joins conditions in a scope, so any two scopes combine.
   *
   * @param other the scope whose accounts to add
   */
  public or(other: CentralizationScope): CentralizationScope {
    checkArgs('CentralizationScope.or', [other]);
    return new RenderedScope(scope => `${this._render(scope)} OR ${CentralizationScope._renderOf(scope, other)}`);
  }

  /**
   * The `Scope` string for a rule.
   *
   * @param scope the construct that uses the scope, for error messages
   * @internal
   */
  public abstract _render(scope: IConstruct): string;
}

class RenderedScope extends CentralizationScope {
  constructor(private readonly renderer: (scope: IConstruct) => string) {
    super();
  }

  public _render(scope: IConstruct): string {
    return this.renderer(scope);
  }
}

