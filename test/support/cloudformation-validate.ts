/**
 * CloudFormation Validate for the unit tests and the integ apps. The one copy lives in
 * scripts/cloudformation-validate.ts, beside scripts/synth-example.ts (the app `npx cdk synth` runs),
 * which must not reach into test/.
 */
export * from '../../scripts/cloudformation-validate';
