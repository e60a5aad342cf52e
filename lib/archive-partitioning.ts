import { IConstruct } from 'constructs';
import { callHook } from './private/hooks';

/**
 * The value both partition keys take for a record that is not a `DATA_MESSAGE`: CloudWatch Logs also sends
 * `CONTROL_MESSAGE` records, "mainly for checking if the destination is reachable" (CloudWatch Logs user guide,
 * "Validate the flow of log events"), and AWS does not document what their `owner` and `logGroup` hold.
 */
const CONTROL_MESSAGE_PARTITION = 'control-message';

/**
 * A JQ 1.6 expression for a field of a CloudWatch Logs record, with the fallback for control messages: the field of
 * a `DATA_MESSAGE` when it is a non-empty string, else `control-message`. A key that yields nothing or null would
 * send the record to the error prefix instead.
 */
function dataMessageField(field: string): string {
  return `((select(.messageType == "DATA_MESSAGE") | .${field} | select(type == "string" and length > 0)) // "${CONTROL_MESSAGE_PARTITION}")`;
}

/** A partition column of the archive, as the opt-in Glue table declares it for Athena's partition projection. */
interface ArchivePartitionColumn {
  /** The column name, as it appears in the S3 prefix (`<name>=<value>/`). */
  readonly name: string;
  /**
   * The Athena partition projection type: `injected` for values only known at query time (a query must name them
   * with equality conditions), `date` for the delivery date.
   */
  readonly projectionType: string;
}

/** What a partitioning gives the archive's delivery stream and table. */
interface ArchivePartitioningConfig {
  /**
   * The partition keys Firehose extracts from each decompressed record with JQ 1.6 (dynamic partitioning), by
   * key name. Empty when the partitioning uses only the arrival date, which needs no dynamic partitioning.
   */
  readonly partitionKeys: Record<string, string>;
  /**
   * The part of the object key after the archive's prefix: Hive-style `name=value/` segments, with
   * `!{partitionKeyFromQuery:<key>}` and `!{timestamp:<format>}` expressions.
   */
  readonly keyPrefix: string;
  /** The partition columns, in the order of the object key. */
  readonly columns: ArchivePartitionColumn[];
}

/**
 * How `LogArchive` lays its objects out in S3: Hive-style `name=value/` prefixes that Athena reads, and that the
 * opt-in Glue table projects without a crawler.
 *
 * The date is the day (UTC) Firehose received the oldest record of the object (Amazon Data Firehose developer
 * guide, "Understand custom prefixes for Amazon S3 objects": the `timestamp` namespace uses "the approximate arrival
 * timestamp of the oldest record"), not the time of the log events.
 */
export abstract class ArchivePartitioning {
  /** The value of both partition keys for CloudWatch Logs control messages. */
  public static readonly CONTROL_MESSAGE_PARTITION = CONTROL_MESSAGE_PARTITION;

  /**
   * By sender account, log group and day:
   * `account=<12-digit ID>/log_group=<log group name>/dt=<yyyy-MM-dd>/`.
   *
   * Firehose reads the account (`owner`) and log group (`logGroup`) from each decompressed record with JQ
   * (dynamic partitioning). Log group names keep their `/`, so `log_group=/aws/lambda/app/` lists like a folder
   * tree. Control messages go to `account=control-message/log_group=control-message/`.
   *
   * Dynamic partitioning brings AWS's limits with it: buffering of at least 64 MiB and 60 seconds, and 500 active
   * partitions (account and log group pairs buffered at once) per delivery stream by default, past which records go
   * to the error prefix (`activePartitionExceeded`); AWS raises it to 5,000 on request.
   */
  public static byAccountLogGroupAndDate(): ArchivePartitioning {
    return new KeyedPartitioning({
      partitionKeys: { account: dataMessageField('owner'), log_group: dataMessageField('logGroup') },
      keyPrefix: 'account=!{partitionKeyFromQuery:account}/log_group=!{partitionKeyFromQuery:log_group}/dt=!{timestamp:yyyy-MM-dd}/',
      columns: [
        { name: 'account', projectionType: 'injected' },
        { name: 'log_group', projectionType: 'injected' },
        { name: 'dt', projectionType: 'date' },
      ],
    });
  }

  /**
   * By day only: `dt=<yyyy-MM-dd>/`. No dynamic partitioning, so none of its buffering minimums or partition quota;
   * the only partitioning that works with message extraction, which drops the account and log group.
   */
  public static byDate(): ArchivePartitioning {
    return new KeyedPartitioning({
      partitionKeys: {},
      keyPrefix: 'dt=!{timestamp:yyyy-MM-dd}/',
      columns: [{ name: 'dt', projectionType: 'date' }],
    });
  }

  /**
   * The configuration of a partitioning of this copy of the library or another, for the archive `scope`.
   *
   * @internal
   */
  public static _bindOf(scope: IConstruct, partitioning: ArchivePartitioning): ArchivePartitioningConfig {
    return callHook(scope, 'partitioning', partitioning, 'ArchivePartitioning',
      'ArchivePartitioning.byAccountLogGroupAndDate() or byDate()', '_bind');
  }

  /**
   * Returns the partition keys, the key prefix and the columns; called once by the archive.
   *
   * @internal
   */
  public abstract _bind(): ArchivePartitioningConfig;
}

class KeyedPartitioning extends ArchivePartitioning {
  constructor(private readonly config: ArchivePartitioningConfig) {
    super();
  }

  public _bind(): ArchivePartitioningConfig {
    return this.config;
  }
}
