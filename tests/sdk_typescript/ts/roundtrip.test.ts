// Round trip against the real app: the pytest driver serves `create_app()` on a loopback port and
// passes its URL as PARLEY_BASE_URL (which the client reads itself) and the shared samples of
// every item, content-part and annotation type as a JSON file in SDK_TEST_SAMPLES.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

import {
  APIError,
  BadRequestError,
  NotFoundError,
  Parley,
  type ConversationItem,
  type ConversationItemList,
} from 'parley-client';

interface Samples {
  items: ConversationItem[];
  item_types: string[];
  part_types: string[];
  annotation_types: string[];
}

const samplesPath = process.env['SDK_TEST_SAMPLES'];
assert.ok(process.env['PARLEY_BASE_URL'], 'PARLEY_BASE_URL must point at the running app');
assert.ok(samplesPath, 'SDK_TEST_SAMPLES must name the samples file');
const samples = JSON.parse(readFileSync(samplesPath, 'utf8')) as Samples;

const client = new Parley({ maxRetries: 0 });

function typesIn(value: unknown, key: string, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => typesIn(v, key, out));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === key && Array.isArray(v)) v.forEach((part) => out.add((part as { type: string }).type));
      typesIn(v, key, out);
    }
  }
  return out;
}

function assertAppError(err: unknown, ErrorClass: typeof APIError, status: number, param: string | null, code: string): true {
  assert.ok(err instanceof ErrorClass, `expected ${ErrorClass.name}, got ${String(err)}`);
  assert.equal(err.status, status);
  assert.equal(err.param, param);
  assert.equal(err.code, code);
  assert.equal(err.type, 'invalid_request_error');
  assert.ok(err.requestID, 'x-request-id is exposed');
  assert.equal(err.requestID, err.headers?.get('x-request-id'));
  return true;
}

describe('service endpoints', () => {
  test('health, version and route inspection', async () => {
    assert.deepEqual(await client.health.check(), { status: 'OK', auth: 'none' });
    const version = await client.version.retrieve();
    assert.match(version.version, /\S/);
    const routes = await client.inspect.routes.list();
    const seen = routes.data.map((r) => `${r.method} ${r.route}`);
    assert.ok(seen.some((r) => r.includes('/v1/conversations/{conversation_id}/items')), seen.join('\n'));
    const filtered = await client.inspect.routes.list({ api_filter: 'v1' });
    assert.ok(filtered.data.length > 0);
  });
});

describe('conversations', () => {
  test('create, retrieve, update, delete', async () => {
    const created = await client.conversations.create({ metadata: { topic: 'demo' } });
    assert.match(created.id, /^conv_[0-9a-f]{48}$/);
    assert.equal(created.object, 'conversation');
    assert.deepEqual(created.metadata, { topic: 'demo' });
    assert.deepEqual(await client.conversations.retrieve(created.id), created);

    const updated = await client.conversations.update(created.id, { metadata: { topic: 'new', lang: 'ts' } });
    assert.deepEqual(updated.metadata, { topic: 'new', lang: 'ts' });
    assert.equal(updated.id, created.id);

    const { data: deleted, response } = await client.conversations.delete(created.id).withResponse();
    assert.deepEqual(deleted, { id: created.id, object: 'conversation.deleted', deleted: true });
    assert.equal(response.status, 200);
    assert.ok(response.headers.get('x-request-id'));

    await assert.rejects(client.conversations.retrieve(created.id), (err) =>
      assertAppError(err, NotFoundError, 404, 'conversation_id', 'not_found'));
    await assert.rejects(client.conversations.delete(created.id), NotFoundError);
  });

  test('a conversation without metadata gets {}', async () => {
    const created = await client.conversations.create();
    assert.deepEqual(created.metadata, {});
  });
});

describe('items', () => {
  test('every item, content-part and annotation type survives create -> retrieve deep-equal', async () => {
    assert.deepEqual(new Set(samples.items.map((i) => i.type)), new Set(samples.item_types));
    assert.deepEqual(typesIn(samples.items, 'content'), new Set([...samples.part_types, 'reasoning_text']));
    assert.deepEqual(typesIn(samples.items, 'annotations'), new Set(samples.annotation_types));

    const conversation = await client.conversations.create({ items: samples.items.slice(0, 3) });
    const created = await client.conversations.items.create(conversation.id, { items: samples.items.slice(3) });
    assert.deepEqual(created.data, samples.items.slice(3));

    for (const sample of samples.items) {
      const id = sample.id;
      assert.ok(id);
      const retrieved = await client.conversations.items.retrieve(conversation.id, id);
      assert.deepEqual(retrieved, sample, `item ${id}`);
    }

    const all: ConversationItem[] = [];
    for await (const item of client.conversations.items.list(conversation.id, { order: 'asc' })) all.push(item);
    assert.deepEqual(all, samples.items);
  });

  test('server-assigned ids, include, and delete', async () => {
    const conversation = await client.conversations.create();
    const page = await client.conversations.items.create(
      conversation.id,
      { items: [{ type: 'message', role: 'user', content: 'hi' }, { type: 'function_call', call_id: 'c', name: 'f', arguments: '{}' }], include: ['message.output_text.logprobs'] },
    );
    const [message, call] = page.data;
    assert.match(message?.id ?? '', /^msg_[0-9a-f]{48}$/);
    assert.match(call?.id ?? '', /^item_[0-9a-f]{48}$/);
    const retrieved = await client.conversations.items.retrieve(conversation.id, message?.id ?? '', { include: ['message.input_image.image_url'] });
    assert.deepEqual(retrieved, message);

    const deleted = await client.conversations.items.delete(conversation.id, call?.id ?? '');
    assert.deepEqual(deleted, { id: call?.id, object: 'conversation.item.deleted', deleted: true });
    await assert.rejects(client.conversations.items.retrieve(conversation.id, call?.id ?? ''), NotFoundError);
  });

  test('ids with ?, #, spaces, % and non-ASCII round-trip through the path', async () => {
    // (`/` is percent-encoded too, see runtime.test.ts, but servers decode %2F before routing.)
    const conversation = await client.conversations.create();
    const id = 'msg weird?# é✓ 100%';
    await client.conversations.items.create(conversation.id, { items: [{ type: 'message', id, role: 'user', content: 'x' }] });
    const item = await client.conversations.items.retrieve(conversation.id, id);
    assert.equal(item.id, id);
    const deleted = await client.conversations.items.delete(conversation.id, id);
    assert.equal(deleted.id, id);
  });
});

describe('pagination over 250 items', () => {
  test('auto-pagination walks every page in both orders', async () => {
    const conversation = await client.conversations.create();
    const ids: string[] = [];
    for (let batch = 0; batch < 250 / 25; batch++) {
      const chunk = Array.from({ length: 25 }, (_, i) => {
        const n = batch * 25 + i;
        return { type: 'message' as const, id: `msg_${String(n).padStart(4, '0')}`, role: 'user' as const, content: `#${n}` };
      });
      // 25 > 20 items per request: split in two calls.
      await client.conversations.items.create(conversation.id, { items: chunk.slice(0, 20) });
      await client.conversations.items.create(conversation.id, { items: chunk.slice(20) });
      ids.push(...chunk.map((c) => c.id));
    }

    const ascending: string[] = [];
    for await (const item of client.conversations.items.list(conversation.id, { order: 'asc', limit: 100 })) {
      ascending.push(item.id ?? '?');
    }
    assert.deepEqual(ascending, ids);

    const descending: string[] = [];
    let pages = 0;
    const first = await client.conversations.items.list(conversation.id, { order: 'desc', limit: 20 });
    for await (const page of first.iterPages()) {
      pages += 1;
      const body: ConversationItemList = page.body;
      assert.equal(body.first_id, page.data[0]?.id);
      descending.push(...page.data.map((i) => i.id ?? '?'));
    }
    assert.equal(pages, 13);
    assert.deepEqual(descending, [...ids].reverse());

    // Default order is desc.
    const defaultOrder: string[] = [];
    for await (const item of client.conversations.items.list(conversation.id)) defaultOrder.push(item.id ?? '?');
    assert.deepEqual(defaultOrder, [...ids].reverse());
  });
});

describe('errors from the app', () => {
  test('a malformed conversation id is a 400 naming the parameter', async () => {
    await assert.rejects(client.conversations.retrieve('nope'), (err) =>
      assertAppError(err, BadRequestError, 400, 'conversation_id', 'invalid_value'));
  });

  test('an unknown but well-formed id is a 404', async () => {
    await assert.rejects(client.conversations.retrieve(`conv_${'0'.repeat(48)}`), (err) =>
      assertAppError(err, NotFoundError, 404, 'conversation_id', 'not_found'));
  });

  test('an unknown after cursor is a 400 on param after', async () => {
    const conversation = await client.conversations.create();
    await assert.rejects(client.conversations.items.list(conversation.id, { after: 'msg_missing' }), (err) =>
      assertAppError(err, BadRequestError, 400, 'after', 'invalid_value'));
  });

  test('validation errors name the field as a dotted path', async () => {
    const conversation = await client.conversations.create();
    const bad = { type: 'message', role: 'wizard', content: 'x' } as unknown as ConversationItem;
    await assert.rejects(
      client.conversations.items.create(conversation.id, { items: [{ type: 'message', role: 'user', content: 'ok' }, bad] }),
      (err) => assertAppError(err, BadRequestError, 400, 'items.1.role', 'invalid_value'),
    );
  });

  test('too many items is a 400', async () => {
    const items = Array.from({ length: 21 }, () => ({ type: 'message' as const, role: 'user' as const, content: 'x' }));
    await assert.rejects(client.conversations.create({ items }), (err) => {
      assert.ok(err instanceof BadRequestError);
      assert.equal(err.param, 'items');
      return true;
    });
  });
});
