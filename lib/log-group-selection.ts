import { Token } from 'aws-cdk-lib/core';
import { IConstruct } from 'constructs';
import { isBranded, markBranded } from './private/brand';
import { invalidInput } from './private/errors';
import { checkFilterLength, checkNonEmpty, quoted } from './private/filter-expressions';
import { checkArgs } from './private/guard';
import { callHook } from './private/hooks';

/** OAM link filters: "Each filter has a limit of five conditional operands" (AND and OR). */
const MAX_CONDITIONAL_OPERANDS = 5;

/**
 * Which log groups a centralization rule copies: `LogGroupSelectionCriteria` and
 * `DataSourceSelectionCriteria`, written in the filter syntax of CloudWatch cross-account
 * observability (OAM) link filters.
 *
 * Selections combine with `and()` and `or()`. A log-group selection and a data-source selection
 * can only be combined with `and()`: they render to two properties, and AWS copies an event only
 * when it matches both.
 */
export abstract class LogGroupSelection {
  /** Every log group: `*`. */
  public static all(): LogGroupSelection {
    return new Selection({ all: true });
  }

  /** One log group by exact (case-sensitive) name: `LogGroupName = '<name>'`. */
  public static nameEquals(name: string): LogGroupSelection {
    checkArgs('LogGroupSelection.nameEquals', [name]);
    return Selection.logGroups([name], names => `LogGroupName = ${quoted(names[0])}`);
  }

  /**
   * Log groups whose names start with a prefix: `LogGroupName LIKE '<prefix>%'` (OAM filters
   * match `LIKE` as a prefix only).
   */
  public static namePrefix(prefix: string): LogGroupSelection {
    checkArgs('LogGroupSelection.namePrefix', [prefix]);
    return Selection.logGroups([prefix], names => `LogGroupName LIKE ${quoted(`${names[0]}%`)}`);
  }

  /** The listed log groups: `LogGroupName IN ('<a>', '<b>')`. */
  public static nameIn(names: string[]): LogGroupSelection {
    checkArgs('LogGroupSelection.nameIn', [names]);
    return Selection.logGroups(names, n => `LogGroupName IN (${n.map(quoted).join(', ')})`);
  }

  /** Every log group but the listed ones: `LogGroupName NOT IN ('<a>', '<b>')`. */
  public static nameNotIn(names: string[]): LogGroupSelection {
    checkArgs('LogGroupSelection.nameNotIn', [names]);
    return Selection.logGroups(names, n => `LogGroupName NOT IN (${n.map(quoted).join(', ')})`);
  }

  /**
   * Log events of a data source (`DataSourceSelectionCriteria`):
   * `DataSourceName = '<name>'`, and `AND DataSourceType = '<type>'` when a type is given.
   *
   * @param name the data source name, such as `amazon_vpc`
   * @param type the data source type, such as `flow`
   */
  public static dataSource(name: string, type?: string): LogGroupSelection {
    checkArgs('LogGroupSelection.dataSource', [name, type]);
    const values = type === undefined ? [name] : [name, type];
    return new Selection({
      dataSources: {
        render: (scope) => {
          values.forEach(v => checkQuotable(scope, v));
          return type === undefined
            ? `DataSourceName = ${quoted(name)}`
            : `DataSourceName = ${quoted(name)} AND DataSourceType = ${quoted(type)}`;
        },
        // With a type, the expression is itself an AND: ORing it with another needs grouping.
        operands: type === undefined ? 0 : 1,
        joinedBy: type === undefined ? undefined : 'AND',
      },
    });
  }

  /**
   * A `LogGroupSelectionCriteria` string written by hand, passed through as is (only its length is checked).
   */
  public static fromString(criteria: string): LogGroupSelection {
    checkArgs('LogGroupSelection.fromString', [criteria]);
    return new Selection({ logGroups: { render: () => criteria, operands: 0 }, raw: true });
  }

  /**
   * Renders a selection of this copy of the library or another, for the construct `scope` that uses it.
   *
   * @internal
   */
  public static _renderOf(scope: IConstruct, selection: LogGroupSelection): LogGroupSelectionConfig {
    return callHook(scope, 'logGroups', selection, 'LogGroupSelection',
      'LogGroupSelection.all(), nameEquals(), namePrefix(), nameIn(), nameNotIn(), dataSource() or fromString()', '_render', scope);
  }

  /** Log events that match this selection and the other. */
  public abstract and(other: LogGroupSelection): LogGroupSelection;

  /** Log events that match this selection or the other (both must select log groups, or both data sources). */
  public abstract or(other: LogGroupSelection): LogGroupSelection;

  /**
   * The selection criteria for a rule.
   *
   * @param scope the construct that uses the selection, for error messages
   * @internal
   */
  public abstract _render(scope: IConstruct): LogGroupSelectionConfig;
}

/** What a `LogGroupSelection` renders to. */
interface LogGroupSelectionConfig {
  /** The `LogGroupSelectionCriteria`; `*` when the selection names no log groups. */
  readonly logGroupSelectionCriteria: string;
  /** The `DataSourceSelectionCriteria`, when the selection names data sources. */
  readonly dataSourceSelectionCriteria?: string;
}

/** The expression of one property (`LogGroupSelectionCriteria` or `DataSourceSelectionCriteria`). */
interface SelectionPart {
  readonly render: (scope: IConstruct) => string;
  /** The AND/OR operators in the expression (OAM filters allow five per filter). */
  readonly operands: number;
  /** The operator joining the expression's conditions, when there is one. */
  readonly joinedBy?: 'AND' | 'OR';
}

interface SelectionParts {
  readonly all?: boolean;
  readonly logGroups?: SelectionPart;
  readonly dataSources?: SelectionPart;
  readonly raw?: boolean;
  /** Set when the combination cannot be rendered: the reason, raised at render time with the construct path. */
  readonly invalid?: { value: string; rule: string; fix: string };
}

/**
 * The selections of `LogGroupSelection`'s factories, recognised across copies of the library by this brand. Another
 * copy's selection is read through its `SelectionParts`: change the version in the key when their shape changes, so
 * that copies of different shapes refuse to combine rather than misread each other.
 */
const SELECTION_BRAND = Symbol.for('cdk-log-destinations.LogGroupSelection.Selection@2');

class Selection extends LogGroupSelection {
  public static logGroups(values: string[], render: (values: string[]) => string): Selection {
    return new Selection({
      logGroups: {
        render: (scope) => {
          checkNonEmpty(scope, 'logGroups', values, 'Name at least one log group, or use LogGroupSelection.all()');
          values.forEach(v => checkQuotable(scope, v));
          return render(values);
        },
        operands: 0,
      },
    });
  }

  constructor(private readonly parts: SelectionParts) {
    super();
    markBranded(this, SELECTION_BRAND);
  }

  public and(other: LogGroupSelection): LogGroupSelection {
    checkArgs('LogGroupSelection.and', [other]);
    return this.combine(other, 'AND');
  }

  public or(other: LogGroupSelection): LogGroupSelection {
    checkArgs('LogGroupSelection.or', [other]);
    return this.combine(other, 'OR');
  }

  public _render(scope: IConstruct): LogGroupSelectionConfig {
    const p = this.parts;
    if (p.invalid) {
      throw invalidInput(scope, 'logGroups', p.invalid.value, p.invalid.rule, p.invalid.fix);
    }
    for (const part of [p.logGroups, p.dataSources]) {
      if (part && part.operands > MAX_CONDITIONAL_OPERANDS) {
        throw invalidInput(scope, 'logGroups', part.render(scope),
          `a filter holds at most ${MAX_CONDITIONAL_OPERANDS} conditional operands (AND, OR); this one has ${part.operands}`,
          'Use nameIn()/nameNotIn() instead of chains of nameEquals(), or split the selection across rules');
      }
    }
    const logGroupSelectionCriteria = p.all || !p.logGroups ? '*' : p.logGroups.render(scope);
    const dataSourceSelectionCriteria = p.dataSources?.render(scope);
    checkFilterLength(scope, 'logGroups', logGroupSelectionCriteria);
    if (dataSourceSelectionCriteria !== undefined) {
      checkFilterLength(scope, 'logGroups', dataSourceSelectionCriteria);
    }
    return { logGroupSelectionCriteria, dataSourceSelectionCriteria };
  }

  private combine(selection: LogGroupSelection, op: 'AND' | 'OR'): LogGroupSelection {
    // A selection of another copy of the library carries the same brand and the same parts.
    if (!isBranded(selection, SELECTION_BRAND)) {
      // A subclass written outside the library renders on its own; its expression cannot be merged here.
      return invalidSelection('a LogGroupSelection subclass combined with another',
        'only the selections of LogGroupSelection\'s factories can be combined',
        'Write the whole filter in LogGroupSelection.fromString()');
    }
    const other = selection as Selection;
    const a = this.parts;
    const b = other.parts;
    if (a.invalid) return this;
    if (b.invalid) return other;
    // '*' is the identity of AND and absorbs OR.
    if (a.all) return op === 'AND' ? other : this;
    if (b.all) return op === 'AND' ? this : other;
    const logGroups = joinParts(a.logGroups, b.logGroups, op);
    const dataSources = joinParts(a.dataSources, b.dataSources, op);
    if (op === 'OR' && (a.logGroups && b.dataSources || a.dataSources && b.logGroups)) {
      return invalidSelection('a log-group selection OR a data-source selection',
        'AWS applies LogGroupSelectionCriteria and DataSourceSelectionCriteria together (an event must match both), so they cannot be ORed',
        'Combine them with and(), or create two rules');
    }
    if (logGroups === 'mixed' || dataSources === 'mixed') {
      return invalidSelection('a selection that mixes AND and OR',
        'the OAM filter syntax documents parentheses only around IN lists, not for grouping, so AND and OR cannot be nested safely',
        'Use one operator throughout, express the choice with nameIn()/nameNotIn(), or write the filter with LogGroupSelection.fromString()');
    }
    if (a.raw || b.raw) {
      return invalidSelection('a fromString() selection combined with another',
        'a hand-written filter is passed through as is and cannot be combined',
        'Write the whole filter in LogGroupSelection.fromString()');
    }
    return new Selection({ logGroups, dataSources });
  }
}

function invalidSelection(value: string, rule: string, fix: string): Selection {
  return new Selection({ invalid: { value, rule, fix } });
}

/** Joins two expressions of one property with AND/OR, or says 'mixed' when that would need grouping. */
function joinParts(x: SelectionPart | undefined, y: SelectionPart | undefined, op: 'AND' | 'OR'): SelectionPart | undefined | 'mixed' {
  if (!x || !y) {
    return x ?? y;
  }
  if ((x.joinedBy && x.joinedBy !== op) || (y.joinedBy && y.joinedBy !== op)) {
    return 'mixed';
  }
  return { render: scope => `${x.render(scope)} ${op} ${y.render(scope)}`, operands: x.operands + y.operands + 1, joinedBy: op };
}

/** OAM filters quote values in single quotes and document no escape, so a value with a quote cannot be written. */
function checkQuotable(scope: IConstruct, value: string): void {
  if (!Token.isUnresolved(value) && value.includes('\'')) {
    throw invalidInput(scope, 'logGroups', value,
      'filter values are written in single quotes and AWS documents no escape for a quote inside one',
      'Check the value: log group names have no quotes, so this one cannot match any log group');
  }
}
