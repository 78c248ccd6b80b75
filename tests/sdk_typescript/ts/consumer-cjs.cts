// Packaging check: the installed tarball loads with require() and type-checks as CommonJS.
import parley = require('parley-client');

const client = new parley.Parley({ baseURL: 'http://127.0.0.1:9', maxRetries: 0 });
const conversation: parley.Conversation | undefined = undefined;
console.log(JSON.stringify({
  format: typeof require === 'function' && typeof module === 'object' ? 'cjs' : 'esm',
  client: typeof client.conversations.items.list,
  notFound: typeof parley.NotFoundError,
  version: parley.VERSION,
  conversation: conversation ?? null,
}));
