// One side of `items.list({ limit: 100 })` in a loop, for a CPU profile (run by
// bench/profile_typescript.py under `node --cpu-prof`). Prints the client CPU time per call
// (process.cpuUsage, user + system), which the server's load does not inflate.
//
//   node --cpu-prof list-profile.mjs <sdk-entry.js> <base-url> <conversation-id> <raw|sdk> <calls>
import { pathToFileURL } from "node:url";

const [entry, baseURL, conversationId, side, callsArg] = process.argv.slice(2);
const calls = Number(callsArg);
const LIST_LIMIT = 100;

const { Parley } = await import(pathToFileURL(entry).href);
const client = new Parley({ baseURL, maxRetries: 0 });
const listURL = `${baseURL}/v1/conversations/${conversationId}/items?limit=${LIST_LIMIT}`;

const call =
  side === "raw"
    ? async () => {
        const response = await fetch(listURL);
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return (await response.json()).data;
      }
    : async () => (await client.conversations.items.list(conversationId, { limit: LIST_LIMIT })).data;

for (let i = 0; i < Math.max(calls / 5, 5); i++) await call(); // warm-up: JIT, connection pool
const cpu = process.cpuUsage();
const start = process.hrtime.bigint();
let items = 0;
for (let i = 0; i < calls; i++) items += (await call()).length;
const wall = Number(process.hrtime.bigint() - start) / 1e9;
const used = process.cpuUsage(cpu);
if (items !== calls * LIST_LIMIT) throw new Error(`expected ${calls * LIST_LIMIT} items, got ${items}`);
process.stdout.write(
  JSON.stringify({ side, calls, cpu_s_per_call: (used.user + used.system) / 1e6 / calls, wall_s_per_call: wall / calls }) + "\n",
);
