/**
 * The example app's entry point: the stacks of `example-app.ts`, a central logging account that
 * receives the CloudWatch Logs of other accounts through a Kinesis data stream, and one sender
 * account that subscribes a log group to it. Synthesizes with no AWS credentials.
 *
 * This is what a user's `bin/app.ts` looks like; it imports nothing from this repository's tests.
 * `npx cdk synth` in this repository runs `scripts/synth-example.ts` (see cdk.json), which builds
 * the same stacks with CloudFormation Validate plugged in.
 */
import { App } from 'aws-cdk-lib/core';
import { buildExampleApp } from './example-app';

const app = new App();
buildExampleApp(app);
app.synth();
