// Marks each build's module format, so Node (and TypeScript) read dist/esm as ES modules and
// dist/cjs as CommonJS whatever the root package.json says.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..', 'dist');
for (const [dir, type] of [['esm', 'module'], ['cjs', 'commonjs']]) {
  fs.writeFileSync(path.join(root, dir, 'package.json'), JSON.stringify({ type }) + '\n');
}
