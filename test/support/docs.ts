/**
 * What the docs tests read from markdown and from the jsii toolchain: code fences, relative links and
 * their anchors, the files the npm package ships, the TypeScript of docs pages compiled against the
 * library, and the package READMEs jsii-pacmak writes for the other languages.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { SnippetParameters, TargetLanguage, typeScriptSnippetFromVisibleSource } from 'jsii-rosetta';
import * as ts from 'typescript';

export const ROOT = path.join(__dirname, '..', '..');

/** A fenced code block of a markdown text. */
export interface CodeFence {
  /** The language tag (`ts`, `python`, `sh`), `''` when untagged. */
  readonly lang: string;
  /** What follows the language on the opening line, as `key=value` pairs (`fixture=stacksets`). */
  readonly meta: Record<string, string>;
  readonly body: string;
  /** The line of the opening fence, from 1. */
  readonly line: number;
}

/** The fenced code blocks of a markdown text, in order. */
export function codeFences(markdown: string): CodeFence[] {
  const fences: CodeFence[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})(\S*)(.*)$/.exec(lines[i]);
    if (!open) continue;
    const close = lines.findIndex((l, j) => j > i && /^`{3,}\s*$/.test(l) && l.trim().length >= open[1].length);
    if (close < 0) throw new Error(`unclosed code fence at line ${i + 1}`);
    const meta = Object.fromEntries(open[3].trim().split(/\s+/).filter(p => p).map(p => {
      const [k, ...v] = p.split('=');
      return [k, v.join('=')];
    }));
    fences.push({ lang: open[2], meta, body: lines.slice(i + 1, close).join('\n'), line: i + 1 });
    i = close;
  }
  return fences;
}

/** The markdown with the lines of its code fences blanked. */
function withoutFences(markdown: string): string {
  const lines = markdown.split('\n');
  for (const fence of codeFences(markdown)) {
    const end = fence.line + fence.body.split('\n').length;
    for (let i = fence.line - 1; i <= end; i++) lines[i] = '';
  }
  return lines.join('\n');
}

/** The targets of the inline links of a markdown text that are neither absolute URLs nor mail addresses. */
export function relativeLinks(markdown: string): string[] {
  const prose = withoutFences(markdown).replace(/`[^`\n]*`/g, '``');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map(m => m[1]).filter(t => !/^[a-z]+:/i.test(t));
}

/** The anchors GitHub (and npm) give the headings of a markdown text. */
export function headingAnchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const m of withoutFences(markdown).matchAll(/^#{1,6}\s+(.*)$/gm)) {
    const base = m[1].trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** The files `npm pack` puts in the package (paths relative to the project), read from npm itself without running scripts. */
export function shippedFiles(): Set<string> {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return new Set<string>(JSON.parse(out)[0].files.map((f: { path: string }) => f.path));
}

/**
 * The type errors of the `ts` fences of markdown pages, each compiled as its own module against the
 * library's declarations (`lib/index.d.ts`, from `npm run build`) with the compiler options and the
 * fixtures (`rosetta/<fixture>.ts-fixture`, `fixture=` on the fence) jsii-rosetta uses for README.md.
 */
export function typeErrorsOfFences(pages: Record<string, string>): string[] {
  // jsii-rosetta's own fixture substitution (imports hoisted above the fixture, the rest at `/// here`).
  // It is not in the package's exports, so it is loaded by its file.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { fixturize } = require(path.join(path.dirname(require.resolve('jsii-rosetta')), 'fixtures'));
  const declarations = path.join(ROOT, 'lib', 'index.d.ts');
  if (!fs.existsSync(declarations)) {
    throw new Error('lib/index.d.ts is missing: run `npm run build` first');
  }
  const sources = new Map<string, string>();
  for (const [page, markdown] of Object.entries(pages)) {
    codeFences(markdown).filter(f => f.lang === 'ts' || f.lang === 'typescript').forEach(fence => {
      const name = path.join(ROOT, '.docs-snippets', `${path.basename(page, '.md')}-line-${fence.line}.ts`);
      const snippet = typeScriptSnippetFromVisibleSource(fence.body, { api: { api: 'file', fileName: page }, field: { field: 'markdown', line: fence.line } },
        true, { [SnippetParameters.$PROJECT_DIRECTORY]: ROOT, ...fence.meta });
      sources.set(name, `${fixturize(snippet).completeSource}\nexport {};\n`);
    });
  }
  const options: ts.CompilerOptions = {
    strict: true,
    noImplicitAny: true,
    noImplicitReturns: true,
    noImplicitThis: true,
    noFallthroughCasesInSwitch: true,
    experimentalDecorators: true,
    resolveJsonModule: true,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    types: ['node'],
    skipLibCheck: true,
    noEmit: true,
    paths: { 'cdk-log-destinations': [declarations] },
  };
  const host = ts.createCompilerHost(options, true);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = f => sources.get(f) ?? readFile(f);
  host.fileExists = f => sources.has(f) || fileExists(f);
  host.getSourceFile = (f, v, ...rest) => (sources.has(f) ? ts.createSourceFile(f, sources.get(f)!, v, true) : getSourceFile(f, v, ...rest));
  const program = ts.createProgram({ rootNames: [...sources.keys()], options, host });
  return ts.getPreEmitDiagnostics(program).map(d => {
    const where = d.file ? `${path.relative(ROOT, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

/**
 * The READMEs jsii-pacmak writes into the packages of other languages: README.md as the jsii assembly
 * holds it, with its TypeScript examples replaced by the translations of the rosetta tablet
 * (`.jsii.tabl.json`, from `npm run rosetta`), through the jsii-rosetta calls pacmak makes
 * (`RosettaTabletReader.addAssembly`, then `translateSnippetsInMarkdown` with the assembly's strict
 * mode). An example missing from the tablet stays TypeScript, as in pacmak's output. They run in a
 * child process: the tablet is read with a dynamic `import()`, which jest's module sandbox refuses.
 */
export function packageReadmes(languages: TargetLanguage[]): Record<string, string> {
  const script = `
    const fs = require('fs');
    const { RosettaTabletReader, enforcesStrictMode } = require('jsii-rosetta');
    (async () => {
      const assembly = JSON.parse(fs.readFileSync('.jsii', 'utf8'));
      const rosetta = new RosettaTabletReader({ prefixDisclaimer: true });
      await rosetta.addAssembly(assembly, process.cwd());
      const out = {};
      for (const language of JSON.parse(process.argv[1])) {
        out[language] = rosetta.translateSnippetsInMarkdown({ api: 'moduleReadme', moduleFqn: assembly.name },
          assembly.readme.markdown, language, enforcesStrictMode(assembly)).trim();
      }
      process.stdout.write(JSON.stringify(out));
    })().catch(e => { console.error(e); process.exit(1); });`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script, JSON.stringify(languages)],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
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
export function pythonCodeOnly(source: string): string {
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
export function unboundPythonNames(source: string): string[] {
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

/** Where the Python interpreter is, if there is one on the PATH. */
export function python3(): string | undefined {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return 'python3';
  } catch {
    return undefined;
  }
}

/** The syntax errors Python's own parser finds in each snippet (`ast.parse`), one entry per snippet ('' when it parses). */
export function pythonSyntaxErrors(interpreter: string, snippets: string[]): string[] {
  const script = [
    'import ast, json, sys',
    'out = []',
    'for src in json.load(sys.stdin):',
    '    try:',
    '        ast.parse(src)',
    '        out.append("")',
    '    except SyntaxError as e:',
    '        out.append(f"line {e.lineno}: {e.msg}")',
    'print(json.dumps(out))',
  ].join('\n');
  return JSON.parse(execFileSync(interpreter, ['-c', script], { input: JSON.stringify(snippets), encoding: 'utf8' }));
}
