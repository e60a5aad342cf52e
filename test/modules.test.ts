/**
 * The library's own module graph: every import between files of lib/ (type-only imports included,
 * since a reader follows those too) must point one way. A circle means two files can only be
 * understood together, and at runtime it hands one of them a half-initialized module. And every
 * `throw` in lib/ throws the library's own error, which users catch by type.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const lib = path.join(__dirname, '..', 'lib');

/** The library's source files, as paths relative to lib/ without the `.ts` extension. */
function sources(dir = lib): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return sources(full);
    }
    return /\.ts$/.test(entry.name) && !/\.d\.ts$/.test(entry.name) ? [path.relative(lib, full).replace(/\.ts$/, '')] : [];
  });
}

/** The files of lib/ that a file imports or re-exports from, by the same relative names. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(lib, `${file}.ts`), 'utf8');
  return ts.preProcessFile(text, true, false).importedFiles
    .map(i => i.fileName)
    .filter(name => name.startsWith('.'))
    .map(name => path.relative(lib, path.resolve(path.dirname(path.join(lib, file)), name)));
}

/** Every circle in the graph, each as the files along it, starting and ending at the same file. */
function circles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const visit = (file: string, trail: string[]) => {
    const at = trail.indexOf(file);
    if (at >= 0) {
      found.push([...trail.slice(at), file]);
      return;
    }
    if (done.has(file)) {
      return;
    }
    for (const next of graph.get(file) ?? []) {
      visit(next, [...trail, file]);
    }
    done.add(file);
  };
  [...graph.keys()].sort().forEach(file => visit(file, []));
  return found;
}

describe('the modules of lib/', () => {
  const graph = new Map(sources().map(file => [file, importsOf(file)]));

  test('are all found, and every relative import names one of them', () => {
    expect(graph.size).toBeGreaterThan(20);
    expect(graph.get('index')).toEqual(expect.arrayContaining(['log-destination', 'delivery', 'delivery-source']));
    const unknown = [...graph.entries()].flatMap(([file, imports]) => imports.filter(i => !graph.has(i)).map(i => `${file} -> ${i}`));
    expect(unknown).toEqual([]);
  });

  test('import one another without a circle, type-only imports included', () => {
    expect(circles(graph).map(circle => circle.join(' -> '))).toEqual([]);
  });

  test('the circle check finds every circle of a graph that has them, and only those', () => {
    const sample = new Map([['a', ['b']], ['b', ['c', 'd']], ['c', ['a']], ['d', []], ['e', ['e']]]);
    expect(circles(sample).map(circle => circle.join(' -> '))).toEqual(['a -> b -> c -> a', 'e -> e']);
  });
});

describe('the throws of lib/', () => {
  /** Every `throw` of the library's sources, with the type the compiler gives its expression. */
  function throws(): Array<{ where: string; type: string }> {
    const program = ts.createProgram([path.join(lib, 'index.ts')], { strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2020 });
    const checker = program.getTypeChecker();
    const found: Array<{ where: string; type: string }> = [];
    for (const file of program.getSourceFiles().filter(f => f.fileName.startsWith(lib) && !f.isDeclarationFile)) {
      const visit = (node: ts.Node): void => {
        if (ts.isThrowStatement(node)) {
          const { line } = file.getLineAndCharacterOfPosition(node.getStart());
          found.push({ where: `${path.relative(lib, file.fileName)}:${line + 1}`, type: checker.typeToString(checker.getTypeAtLocation(node.expression)) });
        }
        ts.forEachChild(node, visit);
      };
      visit(file);
    }
    return found;
  }

  test('are all LogDestinationsError, the error users can catch by type', () => {
    const found = throws();
    expect(found.length).toBeGreaterThan(50);
    expect(found.filter(t => t.type !== 'LogDestinationsError')).toEqual([]);
  });
});

describe('the warnings of lib/', () => {
  test('all go through warn() (lib/private/warnings.ts), which also puts them where a StackSet template\'s reach cdk synth', () => {
    const annotations = sources().filter(file => file !== 'private/warnings').flatMap(file =>
      fs.readFileSync(path.join(lib, `${file}.ts`), 'utf8').split('\n')
        .map((line, i) => ({ where: `${file}.ts:${i + 1}`, line }))
        .filter(({ line }) => /\bAnnotations\b|\.add(Warning|Error|Info)(V2)?\(/.test(line)));
    expect(annotations).toEqual([]);
    const warnings = sources().flatMap(file => [...fs.readFileSync(path.join(lib, `${file}.ts`), 'utf8').matchAll(/\bwarn\(/g)]);
    expect(warnings.length).toBeGreaterThanOrEqual(9);
  });
});
