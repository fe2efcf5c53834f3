import { readFileSync, statSync } from 'node:fs';

/** The largest input file the CLI reads: an export of many thousand issues fits. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** A failure the CLI reports as one line, without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Reads a regular file of at most {@link MAX_INPUT_BYTES}: never a device, a pipe or a directory. */
export function readTextFile(path: string): string {
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new CliError(`${path}: is a directory`);
    if (!stat.isFile()) throw new CliError(`${path}: is not a regular file`);
    if (stat.size > MAX_INPUT_BYTES) throw new CliError(`${path}: is ${stat.size} bytes, more than the ${MAX_INPUT_BYTES} the CLI reads`);
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    throw new CliError(`${path}: ${reason}`, 1, { cause: error });
  }
}

/** Text with control characters escaped (`\u001b`), so data read from a file cannot drive the terminal. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function readJsonFile(path: string): unknown {
  const text = readTextFile(path);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(`${path}: malformed JSON (${(error as Error).message})`, 1, { cause: error });
  }
}
