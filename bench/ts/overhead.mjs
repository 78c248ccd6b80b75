// Per-call time of the TypeScript SDK against raw `fetch` over loopback (run by
// bench/sdk_typescript.py). Prints one JSON object: per-call seconds for each side and call,
// from timed batches that alternate raw/SDK (order flipped every run).
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
    n: Math.max(Math.floor(calls / 3), 1),
    raw: () => rawJson(listURL),
    sdk: async () => (await client.conversations.items.list(conversationId, { limit: LIST_LIMIT })).data,
  },
};

async function timed(fn, n) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn();
  return Number(process.hrtime.bigint() - start) / 1e9 / n;
}

const result = {};
for (const [label, c] of Object.entries(cases)) {
  const samples = { raw: [], sdk: [] };
  for (let attempt = 0; attempt < warmup + runs; attempt++) {
    const order = attempt % 2 === 0 ? ["raw", "sdk"] : ["sdk", "raw"];
    for (const side of order) {
      const perCall = await timed(c[side], c.n);
      if (attempt >= warmup) samples[side].push(perCall);
    }
  }
  result[label] = samples;
}
process.stdout.write(JSON.stringify(result) + "\n");
