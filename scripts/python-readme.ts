/**
 * Renders docs/README.python.md: the README with its TypeScript examples translated to Python by
 * jsii-rosetta, then tidied for Python readers where rosetta's output falls short:
 * - translated code fences are tagged `python` (rosetta leaves them untagged);
 * - an import an example carries as a comment (`// import { StackSet } from 'cdk-stacksets';`, for a
 *   package rosetta cannot compile against) becomes the Python import of that package's jsii module;
 * - the imports of each example are merged per module with no name repeated (rosetta carries the
 *   `Environment` import of one example into the next, so it piles up from snippet to snippet);
 * - a method named after a Python keyword is called by its Python name, with jsii-pacmak's trailing
 *   underscore (`LogGroupSelection.or()` is `or_()` in Python; rosetta writes `.or(`, a syntax error);
 * - the install command is pip's, and the peer dependencies are what pip installs with it.
 *
 *   npx ts-node -P tsconfig.dev.json scripts/python-readme.ts           # write docs/README.python.md
 *   npx ts-node -P tsconfig.dev.json scripts/python-readme.ts --check   # exit 1 when it is stale
 *
 * `npm run docs` runs it; test/docs.test.ts fails when the committed file differs from a fresh render.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..');
export const PYTHON_README_PATH = path.join(ROOT, 'docs', 'README.python.md');

/** The README as jsii-rosetta translates it to Python, untouched. */
export function rosettaPython(): string {
  return execFileSync('npx', ['jsii-rosetta', 'markdown', 'README.md', '--python'], {
    cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024,
  });
}

/**
 * Merges `from <module> import a, b` lines per module (first occurrence keeps its place), each name
 * once, sorted, and drops names the example never uses (rosetta's carried-over `Environment`).
 */
export function mergeImports(code: string): string {
  const lines = code.split('\n');
  const names = new Map<string, Set<string>>();
  const firstLine = new Map<string, number>();
  lines.forEach((line, i) => {
    const m = /^from (\S+) import ([\w, ]+)$/.exec(line);
    if (m) {
      if (!names.has(m[1])) {
        names.set(m[1], new Set());
        firstLine.set(m[1], i);
      }
      m[2].split(',').map(n => n.trim()).filter(n => n).forEach(n => names.get(m[1])!.add(n));
    }
  });
  const rest = lines.filter(line => !/^from \S+ import [\w, ]+$/.test(line)).join('\n');
  const used = (name: string) => new RegExp(`\\b${name}\\b`).test(rest);
  const out: string[] = [];
  lines.forEach((line, i) => {
    const m = /^from (\S+) import [\w, ]+$/.exec(line);
    if (!m) {
      out.push(line);
    } else if (firstLine.get(m[1]) === i) {
      const kept = [...names.get(m[1])!].filter(used).sort();
      if (kept.length > 0) {
        out.push(`from ${m[1]} import ${kept.join(', ')}`);
      }
    }
  });
  return out.join('\n');
}

/**
 * The Python module of an npm package that jsii builds for Python (`cdk-stacksets` → `cdk_stacksets`),
 * from `jsii.targets.python.module` in its package.json under node_modules.
 */
export function pythonModuleOf(npmPackage: string): string {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', npmPackage, 'package.json'), 'utf8'));
  const module = manifest.jsii?.targets?.python?.module;
  if (typeof module !== 'string') {
    throw new Error(`scripts/python-readme.ts: ${npmPackage} has no jsii Python target, so a README example cannot import it in Python`);
  }
  return module;
}

/**
 * Turns the TypeScript imports an example carries as comments into Python imports. An example whose
 * package rosetta cannot compile against (cdk-stacksets, a devDependency: see
 * rosetta/stacksets.ts-fixture) has its import line commented out, and rosetta passes the comment
 * through as `# import { A, B } from 'pkg';`, leaving A and B unimported in the Python example.
 */
export function uncommentImports(code: string, moduleOf: (npmPackage: string) => string = pythonModuleOf): string {
  return code.split('\n').map(line => {
    const named = /^# import \{([^}]*)\} from '([^']+)';?\s*$/.exec(line);
    if (named) {
      const names = named[1].split(',').map(n => n.trim().replace(/\s+as\s+/, ' as ')).filter(n => n);
      return `from ${moduleOf(named[2])} import ${names.join(', ')}`;
    }
    const star = /^# import \* as (\w+) from '([^']+)';?\s*$/.exec(line);
    if (star) {
      return `import ${moduleOf(star[2])} as ${star[1]}`;
    }
    return line;
  }).join('\n');
}

/** Python's keywords: jsii-pacmak appends `_` to a member named after one (jsii-pacmak's `toPythonIdentifier`). */
const PYTHON_KEYWORDS = [
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif',
  'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or',
  'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
];

/** Calls of methods named after a Python keyword (`.or(`), renamed as jsii-pacmak names them (`.or_(`). */
export function pythonKeywordMethods(code: string): string {
  return code.replace(new RegExp(`\\.(${PYTHON_KEYWORDS.join('|')})\\(`, 'g'), '.$1_(');
}

/** The language tags of the code fences of a markdown text, in order (`''` for an untagged fence). */
export function fenceTags(markdown: string): string[] {
  const tags: string[] = [];
  let open = false;
  for (const line of markdown.split('\n')) {
    // A fence may carry attributes after its language (```ts fixture=stacksets).
    const m = /^```(\S*)(?:\s.*)?$/.exec(line);
    if (!open && m) {
      tags.push(m[1]);
      open = true;
    } else if (open && line === '```') {
      open = false;
    }
  }
  return tags;
}

/**
 * Tidies rosetta's Python rendering (see the file comment). `sourceTags` are the fence tags of the
 * README it was rendered from: rosetta keeps the fences in order, translates the `ts` ones and drops
 * their tag, and leaves the others alone.
 */
export function tidyPythonReadme(markdown: string, sourceTags: string[]): string {
  const out: string[] = [];
  let fence: { lang: string; body: string[] } | undefined;
  let index = 0;
  for (const line of markdown.split('\n')) {
    const m = /^```(\S*)\s*$/.exec(line);
    if (!fence && m) {
      const source = sourceTags[index++];
      if (source === undefined) {
        throw new Error('the rosetta output has more code fences than the README');
      }
      const translated = source === 'ts' || source === 'typescript';
      fence = { lang: translated ? 'python' : (m[1] || source || 'text'), body: [] };
    } else if (fence && line === '```') {
      const body = fence.lang === 'python'
        ? pythonKeywordMethods(mergeImports(uncommentImports(fence.body.join('\n'))))
        : fence.body.join('\n');
      out.push(`\`\`\`${fence.lang}`, ...(fence.body.length ? [body] : []), '```');
      fence = undefined;
    } else if (fence) {
      fence.body.push(line);
    } else {
      out.push(line);
    }
  }
  if (fence || index !== sourceTags.length) {
    throw new Error('the code fences of the rosetta output do not match the README\'s');
  }
  let text = out.join('\n');
  text = replaceOnce(text, '```sh\nnpm install cdk-log-destinations\n```', '```sh\npip install cdk-log-destinations\n```');
  text = replaceOnce(text, 'Peer dependencies: `aws-cdk-lib` 2.257.0 or later and `constructs` 10.5 or later.',
    'pip installs its dependencies with it: `aws-cdk-lib` 2.257.0 or later and `constructs` 10.5 or later.');
  return text;
}

function replaceOnce(text: string, from: string, to: string): string {
  if (!text.includes(from)) {
    throw new Error(`scripts/python-readme.ts: the README no longer contains ${JSON.stringify(from)}; update the script`);
  }
  return text.replace(from, to);
}

/** The text of docs/README.python.md. */
export function renderPythonReadme(): string {
  return tidyPythonReadme(rosettaPython(), fenceTags(readFileSync(path.join(ROOT, 'README.md'), 'utf8')));
}

if (require.main === module) {
  const fresh = renderPythonReadme();
  if (process.argv.includes('--check')) {
    if (readFileSync(PYTHON_README_PATH, 'utf8') !== fresh) {
      process.stderr.write(`${PYTHON_README_PATH} is stale: run \`npm run docs\`\n`);
      process.exit(1);
    }
  } else {
    writeFileSync(PYTHON_README_PATH, fresh);
    process.stdout.write(`wrote ${PYTHON_README_PATH}\n`);
  }
}
