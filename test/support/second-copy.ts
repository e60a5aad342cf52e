/**
 * A second copy of the library, as an app gets when two of its dependencies each bring their own
 * `cdk-log-destinations` (common with jsii packages and monorepos): the sources of lib/ transpiled
 * into a scratch folder and loaded from there, so every class and module-level value is new while
 * aws-cdk-lib and constructs stay the ones the tests use (with CDK_LIB_UNDER_TEST too: jest's
 * moduleNameMapper maps the copy's imports as it maps the tests').
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

const root = path.join(__dirname, '..', '..');

/** Transpiles every source file of lib/ into `into`, keeping the folder layout. */
function transpileLib(from: string, into: string): void {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    if (entry.isDirectory()) {
      transpileLib(source, path.join(into, entry.name));
    } else if (/\.ts$/.test(entry.name) && !/\.d\.ts$/.test(entry.name)) {
      const { outputText } = ts.transpileModule(fs.readFileSync(source, 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true },
        fileName: source,
      });
      fs.mkdirSync(into, { recursive: true });
      fs.writeFileSync(path.join(into, entry.name.replace(/\.ts$/, '.js')), outputText);
    }
  }
}

/**
 * Loads a fresh copy of the library (its package root, `lib/index`). The copy resolves aws-cdk-lib and
 * constructs through a link to the project's node_modules, so both copies share them. `remove()` deletes
 * the scratch folder, link included: call it after the tests, since the library loads some aws-cdk-lib modules
 * only when first used (lib/private/lazy-modules.ts).
 */
export function secondCopy(): { lib: typeof import('../../lib'); remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-log-destinations-copy-'));
  transpileLib(path.join(root, 'lib'), path.join(dir, 'lib'));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = require(path.join(dir, 'lib', 'index.js'));
  return { lib, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
