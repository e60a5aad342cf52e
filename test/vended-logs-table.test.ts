import { readFileSync } from 'node:fs';
import { arnShape, renderTable, TABLE_PATH } from '../scripts/generate-vended-logs';
// The generated vended-log table and the two readers of it are this file's subject: it checks the table is current and
// consistent with the service spec, below the public API that uses it (delivery-source, delivery and properties tests).
import { VENDED_LOG_SOURCES } from '../lib/private/vended-logs.generated';
import { formatsForDestinationType, resourceTypeOfArn } from '../lib/private/vended-logs';

describe('the vended-log table', () => {
  test('is what scripts/generate-vended-logs.ts generates from the installed @aws-cdk/aws-service-spec', () => {
    const committed = readFileSync(TABLE_PATH, 'utf-8');
    // If this fails, the service spec changed: run `npx ts-node -P tsconfig.dev.json scripts/generate-vended-logs.ts`.
    expect(committed === renderTable()).toBe(true);
  });

  test('covers the resource types the library documents', () => {
    expect(Object.keys(VENDED_LOG_SOURCES).length).toBeGreaterThanOrEqual(30);
    expect(Object.keys(VENDED_LOG_SOURCES['AWS::CloudFront::Distribution'].logTypes)).toEqual(['ACCESS_LOGS', 'CONNECTION_LOGS']);
    expect(VENDED_LOG_SOURCES['AWS::S3::Bucket'].logTypes.S3_SERVER_ACCESS_LOGS.destinations).toEqual({
      S3: ['json', 'parquet'], CWL: ['json'], FH: ['json'],
    });
  });

  test('gives the output formats of each destination type', () => {
    expect(formatsForDestinationType('S3')).toEqual(['json', 'plain', 'w3c', 'parquet']);
    expect(formatsForDestinationType('CWL')).toEqual(['json', 'plain']);
    expect(formatsForDestinationType('FH')).toEqual(['json', 'plain', 'raw']);
    expect(formatsForDestinationType('XRAY')).toEqual([]);
  });

  test.each([
    ['arn:${Partition}:cloudfront::${Account}:distribution/${DistributionId}', { service: 'cloudfront', resource: 'distribution' }],
    ['arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}', { service: 'logs', resource: 'log-group' }],
    ['arn:${Partition}:s3:::${BucketName}', { service: 's3', resource: '' }],
    ['arn:${Partition}:foo:${Region}:${Account}:${Id}/bar', undefined],
  ])('reads the ARN shape of %s', (template, shape) => {
    expect(arnShape(template)).toEqual(shape);
  });

  test.each([
    ['arn:aws:cloudfront::111111111111:distribution/E1', 'AWS::CloudFront::Distribution'],
    ['arn:aws:logs:us-east-1:111111111111:log-group:my-group', 'AWS::Logs::LogGroup'],
    ['arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/my-lb/50dc6c495c0c9188', 'AWS::ElasticLoadBalancingV2::LoadBalancer'],
    ['arn:aws:ecs:us-east-1:111111111111:cluster/main', 'AWS::ECS::Cluster'],
    ['arn:aws:eks:us-east-1:111111111111:cluster/main', 'AWS::EKS::Cluster'],
    ['arn:aws:s3:::bucket', 'AWS::S3::Bucket'],
    ['arn:aws:s3:::bucket/key', undefined],
    ['arn:aws:sqs:us-east-1:111111111111:queue', undefined],
    ['not an arn', undefined],
  ])('tells the resource type of %s', (arn, type) => {
    expect(resourceTypeOfArn(arn)).toEqual(type);
  });
});
