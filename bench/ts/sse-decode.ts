// Events/s parsed by the TypeScript SDK's SSE runtime (templates/typescript/runtime/streaming.ts)
// against a raw split-and-JSON.parse loop, both fed the same chunks through a ReadableStream.
// Bundled by bench/sse_typescript.py with esbuild, then run by node. Prints one JSON object:
// each side's seconds per event in every timed run.
//
//   node sse-decode.mjs <events> <chunk-bytes> <warmup> <runs>
import { Stream } from '../../templates/typescript/runtime/streaming.js';

const [eventsArg = '20000', chunkArg = '16384', warmupArg = '1', runsArg = '5'] = process.argv.slice(2);
const events = Number(eventsArg);
const chunkBytes = Number(chunkArg);
const warmup = Number(warmupArg);
const runs = Number(runsArg);

// OpenAI-style chat chunks, a realistic size (~200 bytes of JSON each), then [DONE].
const lines: string[] = [];
for (let i = 0; i < events; i++) {
  const chunk = {
    id: 'chatcmpl-123', object: 'chat.completion.chunk', created: 1700000000, model: 'gpt-x',
    choices: [{ index: 0, delta: { content: `token ${i} κόσμε` }, finish_reason: null }],
  };
  lines.push(`data: ${JSON.stringify(chunk)}\n\n`);
}
lines.push('data: [DONE]\n\n');
const wire = new TextEncoder().encode(lines.join(''));
const chunks: Uint8Array[] = [];
for (let at = 0; at < wire.length; at += chunkBytes) chunks.push(wire.subarray(at, at + chunkBytes));

const body = (): ReadableStream<Uint8Array> => {
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[index++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(chunk);
    },
  });
};

async function sdk(): Promise<number> {
  const response = new Response(body(), { headers: { 'content-type': 'text/event-stream' } });
  const stream = Stream.fromSSEResponse<{ choices: unknown[] }>(response, new AbortController(), 'json');
  let n = 0;
  for await (const item of stream) n += item.choices.length;
  return n;
}

// The floor: what a hand-written loop does (split on blank lines, drop `data: `, JSON.parse),
// correct only for this server's LF-only, one-data-line events.
async function raw(): Promise<number> {
  const reader = body().getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    const blocks = buffer.split('\n\n');
    buffer = blocks.pop() ?? '';
    for (const block of blocks) {
      const data = block.slice(6);
      if (data === '[DONE]') return n;
      n += (JSON.parse(data) as { choices: unknown[] }).choices.length;
    }
  }
  return n;
}

const sides = { raw, sdk } as const;
const samples: Record<keyof typeof sides, number[]> = { raw: [], sdk: [] };
for (let attempt = 0; attempt < warmup + runs; attempt++) {
  const order = attempt % 2 === 0 ? (['raw', 'sdk'] as const) : (['sdk', 'raw'] as const);
  for (const side of order) {
    const start = process.hrtime.bigint();
    const n = await sides[side]();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (n !== events) throw new Error(`${side} parsed ${n} events, not ${events}`);
    if (attempt >= warmup) samples[side].push(seconds / events);
  }
}
process.stdout.write(`${JSON.stringify({ events, bytes: wire.length, chunkBytes, samples })}\n`);
