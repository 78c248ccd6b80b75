// The client against a real, rate-limited app: the pytest driver serves it with 60 writes a
// minute for the key in PARLEY_API_KEY (read by the client itself), so a burst past 60 gets a
// real 429 with `Retry-After: 1`, which the client waits out before it succeeds.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { AuthenticationError, Parley, type Fetch } from 'parley-client';

assert.ok(process.env['PARLEY_BASE_URL'], 'PARLEY_BASE_URL must point at the running app');
assert.ok(process.env['PARLEY_API_KEY'], 'PARLEY_API_KEY must hold a key the app accepts');

test('waits on a real 429 and succeeds', async () => {
  const statuses: number[] = [];
  const retryAfter: string[] = [];
  const recording: Fetch = async (url, init) => {
    const response = await fetch(url, init);
    statuses.push(response.status);
    if (response.status === 429) retryAfter.push(response.headers.get('retry-after') ?? '');
    return response;
  };
  const client = new Parley({ maxRetries: 3, fetch: recording });
  const created: string[] = [];
  for (let n = 0; n < 70; n += 1) created.push((await client.conversations.create({})).id);
  assert.equal(created.length, 70);
  assert.ok(statuses.includes(429), 'the burst never reached the limit');
  assert.ok(retryAfter.every((value) => value === '1'), `Retry-After: ${retryAfter.join(',')}`);
  assert.equal(statuses.filter((status) => status === 200).length, 70);
});

test('a wrong key is an AuthenticationError', async () => {
  const client = new Parley({ apiKey: 'not-a-valid-key-0000000000', maxRetries: 0 });
  await assert.rejects(client.health.check(), (err: unknown) => {
    assert.ok(err instanceof AuthenticationError);
    assert.equal(err.status, 401);
    return true;
  });
});
