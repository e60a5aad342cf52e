/**
 * Jest for the unit tests (`npm test`) and, with CDK_LIB_UNDER_TEST, for the run against the newest
 * aws-cdk-lib the peer range admits (`.ci/run`).
 *
 * Memory: one worker process, recycled after nearly every test file (`workerIdleMemoryLimit` is
 * measured on the worker's heap, and a test file leaves well over 200 MB of it), keeps jest at about
 * 2 GB, the tests' own children (jsii, jsii-rosetta, jsii-docgen, npm) included; a single in-band
 * process grew to 4.5 GB. `npm test` runs integ-runner beside it, for under 3 GiB in all
 * (CONTRIBUTING.md has the figures). A fresh worker costs about a second per file. ts-jest only transpiles (tsconfig.jest.json, `isolatedModules`): the type check
 * of the tests is one `tsc --noEmit` in `npm test` instead of a language service per test file.
 *
 * CDK_LIB_UNDER_TEST=<folder>: a folder whose node_modules holds another aws-cdk-lib and constructs
 * (installed there, never in the project's node_modules). Every `aws-cdk-lib` and `constructs`
 * import, the libraries' own included, then resolves to that copy, and every App turns on
 * `@aws-cdk/core:validateAgainstDefaultRules`, so the CloudFormation Validate bundled with
 * aws-cdk-lib fails any template with an error in it.
 */
const path = require('path');

const cdkLibUnderTest = process.env.CDK_LIB_UNDER_TEST ? path.resolve(process.env.CDK_LIB_UNDER_TEST) : undefined;

/** Suites that cannot run against another aws-cdk-lib for a tooling reason, with that reason. */
const SKIPPED_WITH_OTHER_CDK_LIB = {};

let moduleNameMapper = {};
let testPathIgnorePatterns = ['/node_modules/'];
if (cdkLibUnderTest) {
  const modules = path.join(cdkLibUnderTest, 'node_modules');
  moduleNameMapper = {
    '^aws-cdk-lib$': path.join(modules, 'aws-cdk-lib'),
    '^aws-cdk-lib/(.*)$': path.join(modules, 'aws-cdk-lib', '$1'),
    '^constructs$': path.join(modules, 'constructs'),
  };
  const context = JSON.parse(process.env.CDK_CONTEXT_JSON || '{}');
  process.env.CDK_CONTEXT_JSON = JSON.stringify({ ...context, '@aws-cdk/core:validateAgainstDefaultRules': true });
  const versions = ['aws-cdk-lib', 'constructs'].map(m => `${m} ${require(path.join(modules, m, 'package.json')).version}`);
  process.stderr.write(`jest: running against ${versions.join(', ')} from ${modules}\n`);
  for (const [suite, reason] of Object.entries(SKIPPED_WITH_OTHER_CDK_LIB)) {
    process.stderr.write(`jest: skipping ${suite} against this aws-cdk-lib: ${reason}\n`);
    testPathIgnorePatterns.push(suite.replace(/[.]/g, '\\.'));
  }
}

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns,
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testTimeout: 60000,
  maxWorkers: 1,
  workerIdleMemoryLimit: '200MB',
};
