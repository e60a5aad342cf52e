/* eslint-disable @typescript-eslint/no-require-imports -- loading these modules where they are used is the point */

/**
 * The aws-cdk-lib modules that only some of the library's constructs use, loaded the first time one of them needs a
 * value (a class to instantiate, an enum member); type-only imports of them cost nothing at run time. An app that
 * imports the library for a `LogDestination` then loads what a hand-written destination loads, and no S3, Firehose,
 * Glue, X-Ray or Observability Admin module (test/imports.test.ts). Node.js caches a module after its first `require`,
 * so each call after the first is a lookup.
 */

/** `aws-cdk-lib/aws-glue`, for the archive's opt-in table. */
export function awsGlue(): typeof import('aws-cdk-lib/aws-glue') {
  return require('aws-cdk-lib/aws-glue');
}

/** `aws-cdk-lib/aws-kinesisfirehose`, for the archive's delivery stream. */
export function awsFirehose(): typeof import('aws-cdk-lib/aws-kinesisfirehose') {
  return require('aws-cdk-lib/aws-kinesisfirehose');
}

/** `aws-cdk-lib/aws-observabilityadmin`, for centralization rules. */
export function awsObservabilityAdmin(): typeof import('aws-cdk-lib/aws-observabilityadmin') {
  return require('aws-cdk-lib/aws-observabilityadmin');
}

/** `aws-cdk-lib/aws-s3`, for the archive's bucket. */
export function awsS3(): typeof import('aws-cdk-lib/aws-s3') {
  return require('aws-cdk-lib/aws-s3');
}

/** `aws-cdk-lib/aws-xray`, for the X-Ray resource policy of vended traces. */
export function awsXRay(): typeof import('aws-cdk-lib/aws-xray') {
  return require('aws-cdk-lib/aws-xray');
}
