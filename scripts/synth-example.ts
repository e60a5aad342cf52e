/**
 * The app `npx cdk synth` runs (cdk.json): the stacks of the example app (example/), in an app with
 * CloudFormation Validate plugged in, so a finding prints a report and fails the synth.
 *
 * The validator is wired here rather than in example/, so the example imports nothing from the
 * tests and can be copied into a user's app as it is.
 */
import { App, AppProps } from 'aws-cdk-lib/core';
import { buildExampleApp } from '../example/example-app';
import { withCloudFormationValidate } from './cloudformation-validate';

/** The example app with CloudFormation Validate plugged in, not yet synthesized. */
export function validatedExampleApp(props: AppProps = {}): App {
  const app = withCloudFormationValidate(new App(props));
  buildExampleApp(app);
  return app;
}

if (require.main === module) {
  validatedExampleApp().synth();
}
