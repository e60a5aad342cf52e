/**
 * Generated documentation stays in step with the code: API.md (jsii-docgen) and the Python
 * rendering of the README (jsii-rosetta, tidied by scripts/python-readme.ts). Regenerate both with
 * `npm run docs`. Python users get documentation as good as TypeScript's: tagged Python code, clean
 * imports, pip, and examples in the docstrings of the main constructs.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fenceTags, renderPythonReadme } from '../scripts/python-readme';

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

describe('docs/README.python.md', () => {
  let python: string;
  beforeAll(() => {
    python = renderPythonReadme();
  }, 120_000);

  test('is what `npm run docs` renders from README.md', () => {
    expect({ stale: python !== read(path.join(root, 'docs', 'README.python.md')), fix }).toEqual({ stale: false, fix });
  });

  test('is Python: snake_case calls, no TypeScript left over', () => {
    expect(python).toContain('destination.grant_subscribe("222222222222")');
    expect(python).not.toMatch(/^const /m);
    expect(python).not.toMatch(/^import \{/m);
  });

  test('tags every code fence with its language, the translated examples as python', () => {
    const tags = fenceTags(python);
    expect(tags.filter(t => t === '')).toEqual([]);
    const source = fenceTags(read(path.join(root, 'README.md')));
    expect(tags).toEqual(source.map(t => (t === 'ts' || t === 'typescript' ? 'python' : t || 'text')));
    expect(tags.filter(t => t === 'python').length).toBeGreaterThan(5);
  });

  test('imports each name once per example, and only names the example uses', () => {
    const blocks = [...python.matchAll(/^```python\n([\s\S]*?)^```$/gm)].map(m => m[1]);
    const problems: string[] = [];
    blocks.forEach((code, i) => {
      const importLines = code.split('\n').filter(l => /^from \S+ import /.test(l));
      const modules = importLines.map(l => l.split(' ')[1]);
      if (new Set(modules).size !== modules.length) {
        problems.push(`example ${i + 1}: more than one import line for a module: ${modules.join(', ')}`);
      }
      const body = code.split('\n').filter(l => !/^(from \S+ )?import /.test(l)).join('\n');
      for (const line of importLines) {
        const names = line.replace(/^from \S+ import /, '').split(',').map(n => n.trim());
        if (new Set(names).size !== names.length) {
          problems.push(`example ${i + 1}: repeated name in ${line}`);
        }
        names.filter(n => !new RegExp(`\\b${n}\\b`).test(body)).forEach(n => problems.push(`example ${i + 1}: unused import ${n}`));
      }
    });
    expect(problems).toEqual([]);
  });

  test('installs with pip', () => {
    expect(python).toContain('pip install cdk-log-destinations');
    expect(python).not.toContain('npm install cdk-log-destinations');
  });
});

test('the main constructs carry an example in their docs, for every language\'s docstrings', () => {
  const assembly = JSON.parse(read(path.join(root, '.jsii')));
  const examples = Object.fromEntries(['LogDestination', 'DeliveryDestination', 'DeliverySource', 'Delivery']
    .map(name => [name, typeof assembly.types[`cdk-log-destinations.${name}`]?.docs?.example === 'string']));
  expect(examples).toEqual({ LogDestination: true, DeliveryDestination: true, DeliverySource: true, Delivery: true });
});
