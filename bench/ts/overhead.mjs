// Per-call time of the TypeScript SDK against raw `fetch` over loopback (run by
// bench/sdk_typescript.py). Prints one JSON object: `loopback` (for each call, each side's
// per-call seconds in every timed run) and `in_memory` (the same for a list served from memory).
//
//   node overhead.mjs <sdk-entry.js> <base-url> <conversation-id> <calls> <warmup> <runs>
import { pathToFileURL } from "node:url";

const [entry, baseURL, conversationId, callsArg, warmupArg, runsArg] = process.argv.slice(2);
const calls = Number(callsArg);
const warmup = Number(warmupArg);
const runs = Number(runsArg);
const LIST_LIMIT = 100;

const { Parley } = await import(pathToFileURL(entry).href);
const client = new Parley({ baseURL, maxRetries: 0 });

async function rawJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
  return response.json();
}

const retrieveURL = `${baseURL}/v1/conversations/${conversationId}`;
const listURL = `${baseURL}/v1/conversations/${conversationId}/items?limit=${LIST_LIMIT}`;
const cases = {
  retrieve: {
    n: calls,
    raw: () => rawJson(retrieveURL),
    sdk: () => client.conversations.retrieve(conversationId),
  },
  [`items.list(limit=${LIST_LIMIT})`]: {
    n: Math.max(Math.floor(calls / 3), 10),
    raw: () => rawJson(listURL),
    sdk: async () => (await client.conversations.items.list(conversationId, { limit: LIST_LIMIT })).data,
  },
};

// Each timed run is split into SLICES slices alternating raw/SDK (order flipped every slice),
// so a burst of load from the shared machine lands on both sides of a run alike.
const SLICES = 10;

async function timed(fn, n) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const result = {};
for (const [label, c] of Object.entries(cases)) {
  const perSlice = Math.max(Math.floor(c.n / SLICES), 1);
  const samples = { raw: [], sdk: [] };
  for (let attempt = 0; attempt < warmup + runs; attempt++) {
    const spent = { raw: 0, sdk: 0 };
    for (let k = 0; k < SLICES; k++) {
      for (const side of k % 2 === 0 ? ["raw", "sdk"] : ["sdk", "raw"]) {
        spent[side] += await timed(c[side], perSlice);
      }
    }
    if (attempt >= warmup) {
      for (const side of ["raw", "sdk"]) samples[side].push(spent[side] / (perSlice * SLICES));
    }
  }
  result[label] = samples;
}
// The client's own cost, without the network and the server: both sides get the same list body
// from an in-memory fetch (a fresh Response per call), so only the work each side does on the
// client differs. Under a loaded machine this is the steadier number; the loopback ratio above is
// the goal's.
const listResponse = await fetch(listURL);
const listBytes = new Uint8Array(await listResponse.arrayBuffer());
const listHeaders = Object.fromEntries(listResponse.headers);
const memoryFetch = async () => new Response(listBytes, { status: 200, headers: listHeaders });
const memoryClient = new Parley({ baseURL, maxRetries: 0, fetch: memoryFetch });
const inMemory = {};
{
  const c = {
    n: Math.max(calls * 2, 20),
    raw: async () => (await (await memoryFetch(listURL)).json()).data,
    sdk: async () => (await memoryClient.conversations.items.list(conversationId, { limit: LIST_LIMIT })).data,
  };
  const perSlice = Math.max(Math.floor(c.n / SLICES), 1);
  const samples = { raw: [], sdk: [] };
  for (let attempt = 0; attempt < warmup + runs; attempt++) {
    const spent = { raw: 0, sdk: 0 };
    for (let k = 0; k < SLICES; k++) {
      for (const side of k % 2 === 0 ? ["raw", "sdk"] : ["sdk", "raw"]) {
        spent[side] += await timed(c[side], perSlice);
      }
    }
    if (attempt >= warmup) {
      for (const side of ["raw", "sdk"]) samples[side].push(spent[side] / (perSlice * SLICES));
    }
  }
  inMemory[`items.list(limit=${LIST_LIMIT})`] = samples;
}
process.stdout.write(JSON.stringify({ loopback: result, in_memory: inMemory }) + "\n");
