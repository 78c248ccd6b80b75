// Packaging check: the installed tarball imports as an ES module and type-checks.
import { NotFoundError, Parley, VERSION, type Conversation } from 'parley-client';

const client = new Parley({ baseURL: 'http://127.0.0.1:9', maxRetries: 0 });
const describe = (c: Conversation): string => `${c.id} ${c.created_at}`;
console.log(JSON.stringify({
  format: 'esm',
  client: typeof client.conversations.items.list,
  notFound: typeof NotFoundError,
  version: VERSION,
  describe: describe.length,
}));
