/**
 * The documentation users see: README.md (the npm page, and through jsii-pacmak the package README of
 * every other language) and the docs/*.md pages it links, which ship in the npm package. API.md stays
 * what jsii-docgen generates (`npm run docs`).
 *
 * Code: README.md's TypeScript examples are compiled by `jsii-rosetta extract --strict` (`npm run
 * rosetta`, before jest in `npm test`) and run here; the docs pages' are compiled here, with the same
 * fixtures. The Python, Java, .NET and Go READMEs are rendered from the rosetta tablet the way
 * jsii-pacmak renders them, without running pacmak.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TargetLanguage } from 'jsii-rosetta';
import * as ts from 'typescript';
import * as library from '../lib';
import { validateTemplateFile } from './support/cloudformation-validate';
import {
  ROOT, codeFences, headingAnchors, packageReadmes, python3, pythonSyntaxErrors, relativeLinks, shippedFiles, typeErrorsOfFences,
  unboundPythonNames,
} from './support/docs';

const fix = 'Run `npm run docs` and commit the result.';
const README_MAX_BYTES = 25_000;

function read(file: string): string {
  return fs.readFileSync(path.join(ROOT, file), 'utf8');
}

/** README.md and every docs/*.md page, by path. */
function userDocs(): Record<string, string> {
  const pages = fs.readdirSync(path.join(ROOT, 'docs')).filter(f => f.endsWith('.md')).map(f => `docs/${f}`);
  return Object.fromEntries(['README.md', ...pages].map(f => [f, read(f)]));
}

const isTypeScript = (lang: string) => lang === 'ts' || lang === 'typescript';

test('API.md is what jsii-docgen generates from the current assembly', () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'docgen-')), 'API.md');
  execFileSync('npx', ['jsii-docgen', '-o', out], { cwd: ROOT, stdio: 'ignore' });
  expect({ stale: fs.readFileSync(out, 'utf8') !== read('API.md'), fix }).toEqual({ stale: false, fix });
}, 120_000);

test('the main constructs carry an example in their docs, for every language\'s docstrings', () => {
  const assembly = JSON.parse(read('.jsii'));
  const constructs = ['LogDestination', 'DeliveryDestination', 'DeliverySource', 'Delivery',
    'AccountSubscriptionFilter', 'LogCentralizationRule', 'SubscriptionFilterChain', 'LogArchive'];
  const examples = Object.fromEntries(constructs
    .map(name => [name, typeof assembly.types[`cdk-log-destinations.${name}`]?.docs?.example === 'string']));
  expect(examples).toEqual(Object.fromEntries(constructs.map(name => [name, true])));
});

describe('README.md and docs/*.md', () => {
  test(`README.md stays a ten-minute read: at most ${README_MAX_BYTES} bytes`, () => {
    const bytes = fs.statSync(path.join(ROOT, 'README.md')).size;
    expect({ bytes, within: bytes <= README_MAX_BYTES }).toEqual({ bytes, within: true });
  });

  test('every relative link resolves to a file the npm package ships, and every anchor to a heading of it', () => {
    const shipped = shippedFiles();
    const docs = userDocs();
    const problems: string[] = [];
    for (const [page, markdown] of Object.entries(docs)) {
      for (const link of relativeLinks(markdown)) {
        const [target, anchor] = link.split('#');
        const file = target ? path.posix.normalize(path.posix.join(path.posix.dirname(page), target)) : page;
        if (!shipped.has(file)) {
          problems.push(`${page}: ${link} is not in the npm package`);
        } else if (anchor !== undefined && file.endsWith('.md') && !headingAnchors(docs[file] ?? read(file)).has(anchor)) {
          problems.push(`${page}: ${link} names no heading of ${file}`);
        }
      }
    }
    expect(problems).toEqual([]);
    // The pages README.md links are in the package: the check above is not vacuous.
    expect([...shipped].filter(f => /^docs\/.*\.md$/.test(f)).sort()).toEqual(Object.keys(docs).filter(f => f !== 'README.md').sort());
  }, 60_000);

  test('names nothing a user of the package cannot see: internal notes, the build machine, repository-only files', () => {
    const forbidden = [/shared\//i, /API contract/i, /this machine/i, /material we (could )?read/i, /measured here/i,
      /(?<![\w-])(example|bench|scripts|test|integ|rosetta)\/[\w.-]+\.(ts|json|svg)/, /BENCHMARKS\.md/];
    const problems = Object.entries(userDocs()).flatMap(([page, markdown]) => markdown.split('\n')
      .flatMap((line, i) => forbidden.filter(f => f.test(line)).map(f => `${page}:${i + 1}: ${f} in "${line.trim()}"`)));
    expect(problems).toEqual([]);
  });

  test('the install section names the package of every language as package.json publishes it', () => {
    const pkg = JSON.parse(read('package.json'));
    const targets = pkg.jsii.targets;
    const goPackage = pkg.name.replace(/[^a-z0-9]/gi, '').toLowerCase();
    const readme = read('README.md');
    const expected = [
      `npm install ${pkg.name}`,
      `pip install ${targets.python.distName}`,
      `import ${targets.python.module}`,
      `dotnet add package ${targets.dotnet.packageId}`,
      `go get ${targets.go.moduleName}/${goPackage}`,
      `<groupId>${targets.java.maven.groupId}</groupId>`,
      `<artifactId>${targets.java.maven.artifactId}</artifactId>`,
      `<version>${pkg.version}</version>`,
    ];
    expect(expected.filter(e => !readme.includes(e))).toEqual([]);
  });

  test('every TypeScript example of the docs pages compiles against the library, as rosetta compiles the README\'s', () => {
    const pages = Object.fromEntries(Object.entries(userDocs()).filter(([page]) => page !== 'README.md'));
    const fences = Object.values(pages).flatMap(markdown => codeFences(markdown).filter(f => isTypeScript(f.lang)));
    expect(fences.length).toBeGreaterThan(10);
    // A page with a type error, compiled with the others (one program, so it costs nothing more): the check finds
    // its error, and a fence's `fixture=` brings that fixture's declarations (StackSet), or the second fence would fail too.
    const broken = [
      '```ts', 'import { LogDestination } from \'cdk-log-destinations\';', 'LogDestination.fromDestinationArn(1);', '```',
      '```ts fixture=stacksets', 'const set: StackSet | undefined = undefined;', 'void set;', '```',
    ].join('\n');
    expect(typeErrorsOfFences({ ...pages, 'docs/broken-on-purpose.md': broken }))
      .toEqual([expect.stringMatching(/^\.docs-snippets\/broken-on-purpose-line-1\.ts:\d+ Expected 3 arguments/)]);
  }, 120_000);
});

describe('the examples of README.md run', () => {
  /**
   * Runs a README example as a user's app would run (`cdk-log-destinations` is this library), synthesizes
   * its App if the example does not, and returns the templates it wrote, after CloudFormation Validate.
   */
  function run(source: string): Record<string, { Resources: Record<string, { Type: string }> }> {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-example-'));
    const synth = /\bapp\.synth\(\)/.test(source) ? '' : '\napp.synth();\n';
    const js = ts.transpileModule(source + synth, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the example's other imports, resolved as in a user's app
    const requireFromExample = (id: string) => (id === 'cdk-log-destinations' ? library : require(id));
    const previous = process.env.CDK_OUTDIR;
    process.env.CDK_OUTDIR = outdir;
    try {
      new Function('require', 'exports', js)(requireFromExample, {});
    } finally {
      if (previous === undefined) delete process.env.CDK_OUTDIR; else process.env.CDK_OUTDIR = previous;
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    const templates: Record<string, any> = {};
    for (const [id, artifact] of Object.entries<any>(manifest.artifacts)) {
      if (artifact.type !== 'aws:cloudformation:stack') continue;
      const file = path.join(outdir, artifact.properties.templateFile);
      const [, account, region] = /^aws:\/\/([^/]+)\/(.+)$/.exec(artifact.environment) ?? [];
      const findings = validateTemplateFile(file, { accountId: account, region }).map(d => `${id}: ${d.ruleId} ${d.message}`);
      expect(findings).toEqual([]);
      templates[id] = JSON.parse(fs.readFileSync(file, 'utf8'));
    }
    return templates;
  }

  const readme = read('README.md');
  const completeLine = readme.split('\n').indexOf('## A complete example') + 1;
  const fences = codeFences(readme).filter(f => isTypeScript(f.lang));

  test('the complete example synthesizes the central destination and the sender\'s subscription', () => {
    const example = fences.find(f => completeLine > 0 && f.line > completeLine)!;
    const types = (t: { Resources: Record<string, { Type: string }> }) => Object.values(t.Resources).map(r => r.Type).sort();
    const templates = run(example.body);
    expect(Object.fromEntries(Object.entries(templates).map(([id, t]) => [id, types(t)]))).toEqual({
      CentralLogging: ['AWS::IAM::Role', 'AWS::KMS::Key', 'AWS::Kinesis::Stream', 'AWS::Logs::Destination'],
      AppAccount: ['AWS::IAM::Role', 'AWS::Logs::LogGroup', 'AWS::Logs::SubscriptionFilter'],
    });
  }, 60_000);

  test('every example is a whole program: no fixture, no `declare` (those belong in docs/ pages, whose examples only compile)', () => {
    expect(fences.filter(f => Object.keys(f.meta).length > 0 || /^\s*declare\s/m.test(f.body)).map(f => `line ${f.line}`)).toEqual([]);
  });

  test.each(fences.map(f => [f.line, f.body]))('the example at line %i synthesizes, and CloudFormation Validate finds nothing', (_, body) => {
    expect(Object.keys(run(body as string)).length).toBeGreaterThan(0);
  }, 60_000);
});

/**
 * Lines of TypeScript left in translated code: `const` and `let` declarations and TypeScript imports,
 * and for Python also arrow functions and `//` comments (Java, C# and Go have both of their own).
 */
function typeScriptLeftovers(blocks: string[], python: boolean): string[] {
  const typescript = python
    ? /^\s*(const|let)\s|\bimport\s*(\{|\*\s*as\b)|\bfrom\s+'|\brequire\(|=>|^\s*\/\/ /
    : /^\s*(const|let)\s|\bimport\s*(\{|\*\s*as\b)|\bfrom\s+'|\brequire\(/;
  return blocks.flatMap((code, i) => code.split('\n').filter(l => typescript.test(l)).map(l => `example ${i + 1}: ${l.trim()}`));
}

describe('the package READMEs jsii-pacmak writes for the other languages', () => {
  const readme = read('README.md');
  const tsFences = codeFences(readme).filter(f => isTypeScript(f.lang)).length;
  const stale = 'Run `npm run build && npm run rosetta`: a README example that is not in the rosetta tablet stays TypeScript';
  let rendered: Record<string, string>;
  beforeAll(() => {
    rendered = packageReadmes([TargetLanguage.PYTHON, TargetLanguage.JAVA, TargetLanguage.CSHARP, TargetLanguage.GO]);
  }, 60_000);

  describe('Python', () => {
    let python: string;
    let blocks: string[];
    beforeAll(() => {
      python = rendered[TargetLanguage.PYTHON];
      blocks = codeFences(python).filter(f => f.lang === 'python').map(f => f.body);
    });

    test('shows every TypeScript example in Python, and no TypeScript', () => {
      expect({ python: blocks.length, typescript: codeFences(python).filter(f => isTypeScript(f.lang)).length, stale })
        .toEqual({ python: tsFences, typescript: 0, stale });
      expect({ leftovers: typeScriptLeftovers(blocks, true), stale }).toEqual({ leftovers: [], stale });
      expect(python).not.toContain('non-compiling source');
      expect(python).toContain('destination.grant_subscribe_organization("o-a1b2c3d4e5")');
    });

    test('calls methods named after a Python keyword by their Python names (`or_()`, `and_()`)', () => {
      // jsii-rosetta writes `.or(` as TypeScript does, a syntax error in Python: such examples belong in docs/ pages.
      expect(blocks.flatMap(code => code.match(/\.(or|and|not|in|is)\(/g) ?? [])).toEqual([]);
    });

    test('imports or defines every name an example uses', () => {
      const problems = blocks.flatMap((code, i) => unboundPythonNames(code).map(n => `example ${i + 1}: ${n} is neither imported nor defined`));
      expect(problems).toEqual([]);
    });

    const interpreter = python3();
    (interpreter ? test : test.skip)(`parses with Python's own parser${interpreter ? '' : ' (skipped: no python3 on the PATH)'}`, () => {
      expect(pythonSyntaxErrors(interpreter!, blocks).map((e, i) => (e ? `example ${i + 1}: ${e}` : ''))
        .filter(e => e)).toEqual([]);
    });

    test('installs with pip', () => {
      expect(python).toContain('pip install cdk-log-destinations');
    });
  });

  test.each([
    [TargetLanguage.JAVA, 'java', '<artifactId>cdk-log-destinations</artifactId>'],
    [TargetLanguage.CSHARP, 'csharp', 'dotnet add package CdkLogDestinations'],
    [TargetLanguage.GO, 'go', 'go get github.com/cdk-log-destinations/cdk-log-destinations-go/cdklogdestinations'],
  ])('%s shows every TypeScript example in its language, and its install command', (language, tag, install) => {
    const fences = codeFences(rendered[language]);
    const blocks = fences.filter(f => f.lang === tag).map(f => f.body);
    expect({ translated: blocks.length, typescript: fences.filter(f => isTypeScript(f.lang)).length, stale })
      .toEqual({ translated: tsFences, typescript: 0, stale });
    expect({ leftovers: typeScriptLeftovers(blocks, false), stale }).toEqual({ leftovers: [], stale });
    expect(rendered[language]).not.toContain('non-compiling source');
    expect(rendered[language]).toContain(install);
  });

  test('the check for unbound Python names finds the missing imports, and nothing else', () => {
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
});
