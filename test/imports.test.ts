/**
 * What importing the library costs an app that uses one of its constructs: the aws-cdk-lib modules it loads. Every
 * construct needs `core`, `aws-iam` and `aws-logs`; the modules of a few constructs only (S3, Firehose and Glue for the
 * archive, X-Ray for vended traces, Observability Admin for centralization rules) are loaded where they are used
 * (lib/private/lazy-modules.ts), so a `LogDestination` app loads what the same app written by hand loads.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');

/** The aws-cdk-lib submodules (`core`, `aws-logs`, ...) in `require.cache` of a fresh process after `script`. */
function loadedSubmodules(script: string): string[] {
  const program = `${script};
    const modules = new Set();
    for (const file of Object.keys(require.cache)) {
      const match = /[\\\\/]node_modules[\\\\/]aws-cdk-lib[\\\\/]([^\\\\/]+)[\\\\/]/.exec(file);
      if (match) modules.add(match[1]);
    }
    process.stdout.write(JSON.stringify([...modules].sort()));`;
  // The sources, not a build: ts-node transpiles lib/ (the .ts files before any compiled .js beside them).
  const output = execFileSync(process.execPath, ['-r', 'ts-node/register', '-e', program], {
    cwd: ROOT,
    env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.dev.json'), TS_NODE_TRANSPILE_ONLY: 'true', TS_NODE_PREFER_TS_EXTS: 'true' },
    encoding: 'utf8',
  });
  return JSON.parse(output);
}

test('importing the package entry point loads no aws-cdk-lib module but core, aws-iam and aws-logs', () => {
  expect(loadedSubmodules('require("./lib/index.ts")')).toEqual(['aws-iam', 'aws-logs', 'core']);
});
