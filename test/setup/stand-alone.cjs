// The repository stands alone: a clone anywhere must pass without the folders beside it (such as
// the reference material on the developers' machines). Every test process refuses to
// read, list or stat anything beside the repository, so a test that depends on it fails here too.
const fs = require('node:fs');
const { dirname, resolve, sep } = require('node:path');

const ROOT = resolve(__dirname, '..', '..');
const PARENT = dirname(ROOT);

function beside(path) {
  if (typeof path !== 'string' && !(path instanceof URL) && !Buffer.isBuffer(path)) return false;
  const absolute = resolve(String(path instanceof URL ? path.pathname : path));
  return absolute.startsWith(PARENT + sep) && absolute !== ROOT && !absolute.startsWith(ROOT + sep);
}

function guard(target, name, promised = false) {
  const original = target[name];
  if (typeof original !== 'function' || original.__standAlone) return;
  const guarded = function (path, ...rest) {
    if (beside(path)) {
      const error = new Error(`The repository must stand alone: ${name}(${String(path)}) reads outside it`);
      if (promised) return Promise.reject(error);
      throw error;
    }
    return original.call(this, path, ...rest);
  };
  guarded.__standAlone = true;
  target[name] = guarded;
}

for (const name of ['readFileSync', 'existsSync', 'statSync', 'lstatSync', 'readdirSync', 'openSync', 'createReadStream', 'readFile', 'stat', 'readdir', 'open', 'access', 'accessSync']) guard(fs, name);
for (const name of ['readFile', 'stat', 'readdir', 'open', 'access']) guard(fs.promises, name, true);
