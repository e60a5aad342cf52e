/**
 * Generated documentation stays in step with the code: API.md (jsii-docgen) and the Python
 * rendering of the README examples (jsii-rosetta). Regenerate both with `npm run docs`.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.join(__dirname, '..');
const fix = 'Run `npm run docs` and commit the result.';

function read(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

test('API.md is what jsii-docgen generates from the current assembly', () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'docgen-')), 'API.md');
  execFileSync('npx', ['jsii-docgen', '-o', out], { cwd: root, stdio: 'ignore' });
  expect({ stale: read(out) !== read(path.join(root, 'API.md')), fix }).toEqual({ stale: false, fix });
}, 120_000);

test('docs/README.python.md is what jsii-rosetta renders from README.md', () => {
  const python = execFileSync('npx', ['jsii-rosetta', 'markdown', 'README.md', '--python'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  expect({ stale: python !== read(path.join(root, 'docs', 'README.python.md')), fix }).toEqual({ stale: false, fix });
  // The Python rendering really is Python: snake_case calls, no TypeScript left over.
  expect(python).toContain('destination.grant_subscribe("222222222222")');
  expect(python).not.toMatch(/^const /m);
}, 120_000);
