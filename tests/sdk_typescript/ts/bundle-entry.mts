// Bundle-size benchmark entry: a program that lists a conversation's items.
import { Parley } from 'parley-client';

const client = new Parley();
for await (const item of client.conversations.items.list(process.argv[2] ?? 'conv_x', { limit: 100 })) {
  console.log(item.id, item.type);
}
