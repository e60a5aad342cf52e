/**
 * The example app that `npx cdk synth` runs (see cdk.json): the stacks of `example-app.ts`, a
 * central logging account that receives the CloudWatch Logs of other accounts through a Kinesis
 * data stream, and one sender account that subscribes a log group to it. Synthesizes with no AWS
 * credentials.
 */
import { App } from 'aws-cdk-lib/core';
import { withCloudFormationValidate } from '../test/support/cloudformation-validate';
import { buildExampleApp } from './example-app';

// CloudFormation Validate runs on every synth: a finding fails `cdk synth`.
const app = withCloudFormationValidate(new App());
buildExampleApp(app);
app.synth();
