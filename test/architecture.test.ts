/**
 * The house rules of `src/`: no import circle (type imports included), and no layer importing a
 * higher one (README, "Layout and conventions"). ESLint enforces both in `npm run lint`; these
 * tests show that it catches a circle and an upward import, and check every import of `src/`,
 * type-only ones too, which ESLint's cycle rule does not follow.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

function resolveImport(from: string, specifier: string, known: ReadonlySet<string>): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(from), specifier);
  return [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((path) => known.has(path)) ?? null;
}

/** Every import and re-export of each file, `import type` included. */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const known = new Set(files);
  return new Map(files.map((file) => [file, ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.flatMap(({ fileName }) => resolveImport(file, fileName, known) ?? [])]));
}

/** Strongly connected components of more than one file, or of a file importing itself (Tarjan). */
function circles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    for (let member = stack.pop()!; ; member = stack.pop()!) {
      onStack.delete(member);
      component.push(relative(ROOT, member));
      if (member === node) break;
    }
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

function eslint(args: string[], input?: string): { ruleId: string | null; message: string }[] {
  let output: string;
  try {
    output = execFileSync(process.execPath, [join(ROOT, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', ...args], { cwd: ROOT, input, encoding: 'utf8' });
  } catch (error) {
    output = (error as { stdout: string }).stdout;
  }
  return (JSON.parse(output) as { messages: { ruleId: string | null; message: string }[] }[]).flatMap((file) => file.messages);
}

describe('the import graph of src/', () => {
  it('has no circle, counting type-only imports', () => {
    expect(circles(importGraph(sourceFiles(join(ROOT, 'src'))))).toEqual([]);
  });

  it('finds a circle where there is one', () => {
    const fixture = join(ROOT, 'test/fixtures/import-cycle');
    expect(circles(importGraph(sourceFiles(fixture)))).toEqual([['test/fixtures/import-cycle/a.ts', 'test/fixtures/import-cycle/b.ts']]);
  });
});

describe('npm run lint', () => {
  it('refuses an import circle', () => {
    const messages = eslint(['--no-ignore', 'test/fixtures/import-cycle']);
    expect(messages.filter((message) => message.ruleId === 'import-x/no-cycle')).toHaveLength(2);
  }, 60_000);

  it('refuses a lower room importing a higher one, and accepts the other way round', () => {
    const upward = eslint(['--stdin', '--stdin-filename', 'src/domain/time/fixture.ts'], "import { MAX_METRICS } from '../config/parts';\nexport const metrics = MAX_METRICS;\n");
    expect(upward.map((message) => message.ruleId)).toEqual(['import-x/no-restricted-paths']);
    expect(upward[0]!.message).toContain('src/domain/time may import only the layers below it');
    const downward = eslint(['--stdin', '--stdin-filename', 'src/domain/config/fixture.ts'], "import { durationMs } from '../time/duration';\nexport const hour = durationMs('1h');\n");
    expect(downward).toEqual([]);
  }, 60_000);

  it('keeps the contract free of the adapters and the app', () => {
    const messages = eslint(['--stdin', '--stdin-filename', 'src/contract/fixture.ts'], "import type { StoredRecord } from '../storage/record-store';\nexport type Row = StoredRecord;\n");
    expect(messages.map((message) => message.ruleId)).toEqual(['import-x/no-restricted-paths']);
  }, 60_000);
});
