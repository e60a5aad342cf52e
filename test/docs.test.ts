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
import { fenceTags, pythonKeywordMethods, pythonModuleOf, renderPythonReadme, uncommentImports } from '../scripts/python-readme';

const root = path.join(__dirname, '..');
const fix = 'Run `npm run docs` and commit the result.';

function read(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

/** Python's capitalized builtins, which a snippet uses without importing them. */
const PYTHON_BUILTINS = new Set([
  'True', 'False', 'None', 'Ellipsis', 'NotImplemented',
  'BaseException', 'Exception', 'ArithmeticError', 'AssertionError', 'AttributeError', 'EnvironmentError',
  'FileNotFoundError', 'IOError', 'IndexError', 'KeyError', 'LookupError', 'NameError', 'NotImplementedError',
  'OSError', 'RuntimeError', 'StopIteration', 'TypeError', 'ValueError', 'ZeroDivisionError',
]);

/**
 * The code of a Python snippet with its comments and the text of its string literals blanked out
 * (names in `"Stack"` or `# Bucket.` are not references); the expressions of f-strings stay, since
 * `f"arn:{Aws.PARTITION}"` does reference `Aws`.
 */
function pythonCodeOnly(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    if (source[i] === '#') {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    const literal = /^([rRbBuUfF]{0,2})("""|'''|"|')/.exec(source.slice(i, i + 5));
    if (literal && !/\w/.test(source[i - 1] ?? '')) {
      const fString = /f/i.test(literal[1]);
      const quote = literal[2];
      i += literal[0].length;
      out += ' ';
      while (i < source.length && !source.startsWith(quote, i)) {
        if (source[i] === '\\') {
          i += 2;
        } else if (fString && source.startsWith('{{', i)) {
          i += 2;
        } else if (fString && source[i] === '{') {
          let depth = 0;
          do {
            if (source[i] === '{') depth++;
            if (source[i] === '}') depth--;
            out += source[i++];
          } while (i < source.length && depth > 0);
        } else {
          i++;
        }
      }
      i += quote.length;
      out += ' ';
      continue;
    }
    out += source[i++];
  }
  return out;
}

/**
 * The capitalized names a Python snippet calls or dereferences (`Name(`, `Name.`) that it neither
 * imports, nor defines, nor gets from Python's builtins. Names reached through a module alias or an
 * object (`s3.Bucket(`, `Stack.of(`) are attributes, not bare names, and are not reported.
 */
function unboundPythonNames(source: string): string[] {
  const code = pythonCodeOnly(source);
  const bound = new Set<string>(PYTHON_BUILTINS);
  const bindAll = (names: string, alias: (name: string) => string) => names.split(',').map(n => n.trim()).filter(n => n)
    .forEach(n => bound.add(/\sas\s/.test(n) ? n.split(/\s+as\s+/).pop()!.trim() : alias(n)));
  for (const m of code.matchAll(/^[ \t]*from\s+[\w.]+\s+import\s+(?:\(([^)]*)\)|([^\n]*))/gm)) bindAll(m[1] ?? m[2], n => n);
  for (const m of code.matchAll(/^[ \t]*import\s+([^\n]*)/gm)) bindAll(m[1], n => n.split('.')[0]);
  for (const m of code.matchAll(/^[ \t]*(?:class|def)\s+(\w+)/gm)) bound.add(m[1]);
  for (const m of code.matchAll(/^[ \t]*([\w \t,]+?)[ \t]*(?::[^=\n]*)?=(?!=)/gm)) bindAll(m[1], n => n);
  for (const m of code.matchAll(/\bfor\s+([\w\s,]+?)\s+in\b|\bas\s+(\w+)/g)) bindAll(m[1] ?? m[2], n => n);
  const used = [...code.matchAll(/(?<![\w.])([A-Z]\w*)\s*[(.]/g)].map(m => m[1]);
  return [...new Set(used.filter(n => !bound.has(n)))].sort();
}

/** The bodies of the `python` code fences of a markdown text. */
function pythonBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```python\n([\s\S]*?)^```$/gm)].map(m => m[1]);
}

test('API.md is what jsii-docgen generates from the current assembly', () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'docgen-')), 'API.md');
  execFileSync('npx', ['jsii-docgen', '-o', out], { cwd: root, stdio: 'ignore' });
  expect({ stale: read(out) !== read(path.join(root, 'API.md')), fix }).toEqual({ stale: false, fix });
}, 120_000);

test('an import an example carries as a comment becomes the Python import of the jsii module of its package', () => {
  expect(pythonModuleOf('cdk-stacksets')).toBe('cdk_stacksets');
  expect(uncommentImports([
    '# import { StackSet, StackSetStack } from \'cdk-stacksets\';',
    '# import * as ss from \'cdk-stacksets\';',
    '# import the destination by ARN',
  ].join('\n'))).toBe([
    'from cdk_stacksets import StackSet, StackSetStack',
    'import cdk_stacksets as ss',
    '# import the destination by ARN',
  ].join('\n'));
  expect(() => pythonModuleOf('typescript')).toThrow(/no jsii Python target/);
});

test('a method named after a Python keyword is called by the name jsii-pacmak gives it', () => {
  expect(pythonKeywordMethods('LogGroupSelection.name_equals("a").or(x).and(y)\nfor_each = s.format(z)\nsorted(a.or_(b))'))
    .toBe('LogGroupSelection.name_equals("a").or_(x).and_(y)\nfor_each = s.format(z)\nsorted(a.or_(b))');
});

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
    // jsii-pacmak's names for methods named after Python keywords, not rosetta's syntax errors.
    expect(python).not.toMatch(/\.(or|and)\(/);
    expect(python).toContain('CentralizationScope.organizational_units(["ou-ab12-cd34ef56"]).or_(');
  });

  test('tags every code fence with its language, the translated examples as python', () => {
    const tags = fenceTags(python);
    expect(tags.filter(t => t === '')).toEqual([]);
    const source = fenceTags(read(path.join(root, 'README.md')));
    expect(tags).toEqual(source.map(t => (t === 'ts' || t === 'typescript' ? 'python' : t || 'text')));
    expect(tags.filter(t => t === 'python').length).toBeGreaterThan(5);
  });

  test('imports each name once per example, and only names the example uses', () => {
    const blocks = pythonBlocks(python);
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

  test('imports or defines every name an example uses, with no TypeScript import left in a comment', () => {
    const problems: string[] = [];
    pythonBlocks(python).forEach((code, i) => {
      unboundPythonNames(code).forEach(n => problems.push(`example ${i + 1}: ${n} is neither imported nor defined`));
      code.split('\n').filter(l => /\bimport\s*(\{|\*\s*as\b)|\bfrom\s+['"]|\brequire\(/.test(l))
        .forEach(l => problems.push(`example ${i + 1}: TypeScript import left over: ${l.trim()}`));
    });
    expect(problems).toEqual([]);
  });

  test('the check for unbound names finds the missing imports, and nothing else', () => {
    expect(unboundPythonNames([
      'import aws_cdk.aws_s3 as s3',
      'import json',
      'from aws_cdk import App, Stack as S',
      'from cdk_log_destinations import (',
      '    LogDestination,',
      ')',
      'class MyAspect:',
      '    def visit(self, node): pass',
      'Bucket = s3.Bucket',
      'app = App()',
      'stack = S(app, "Stack", description="Missing(")  # Forgotten(',
      'arn = f"arn:{Aws.PARTITION}:{Aws.REGION}"',
      'LogDestination.from_destination_arn(stack, "D", arn)',
      'MyAspect(); Bucket(stack, "B"); s3.Bucket.from_bucket_name(stack, "I", "b")',
      'raise ValueError(json.dumps(None))',
      'for Name in []: Name.upper()',
      '# import { StackSet } from \'cdk-stacksets\';',
      'StackSet(stack, "S")',
    ].join('\n'))).toEqual(['Aws', 'StackSet']);
  });

  test('installs with pip', () => {
    expect(python).toContain('pip install cdk-log-destinations');
    expect(python).not.toContain('npm install cdk-log-destinations');
  });
});

test('the main constructs carry an example in their docs, for every language\'s docstrings', () => {
  const assembly = JSON.parse(read(path.join(root, '.jsii')));
  const constructs = ['LogDestination', 'DeliveryDestination', 'DeliverySource', 'Delivery',
    'AccountSubscriptionFilter', 'LogCentralizationRule', 'SubscriptionFilterChain', 'LogArchive'];
  const examples = Object.fromEntries(constructs
    .map(name => [name, typeof assembly.types[`cdk-log-destinations.${name}`]?.docs?.example === 'string']));
  expect(examples).toEqual(Object.fromEntries(constructs.map(name => [name, true])));
});
