import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

describe('the repository stands alone', () => {
  it('lets no test read beside the repository (where reference material lives on developers’ machines)', async () => {
    const beside = join(ROOT, '..', 'reference', 'README.md');
    expect(() => readFileSync(beside)).toThrow(/must stand alone/);
    expect(() => existsSync(join(ROOT, '..', 'anything'))).toThrow(/must stand alone/);
    await expect(readFile(beside)).rejects.toThrow(/must stand alone/);
    expect(existsSync(join(ROOT, 'package.json'))).toBe(true);
  });
});
