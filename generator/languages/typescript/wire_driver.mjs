// The TypeScript SDK's round-trip driver for the wire-compatibility check (pipeline.compat).
//
//   node generator/languages/typescript/wire_driver.mjs <sdk dir> <base url>
//
// Loads the compiled SDK in <sdk dir>/dist (a released SDK), then answers one JSON line per
// request line on stdin: {method, path, query, body, model} in, {status, body, error} out.
// The request goes through the SDK's own transport and JSON handling; the SDK has no runtime
// decoder, so the pipeline checks the body against the released schema itself.
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const [sdk, baseURL] = process.argv.slice(2);
const sdkModule = await import(pathToFileURL(join(sdk, 'dist', 'esm', 'index.js')).href);
const Client = Object.values(sdkModule).find(
  (value) => typeof value === 'function' && typeof value.prototype?.request === 'function',
);
const client = new Client({ baseURL, apiKey: 'compat-check', maxRetries: 0 });

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  const request = JSON.parse(line);
  const result = { status: null, body: null, error: null };
  try {
    const { data, response } = await client
      .request({
        method: request.method,
        path: request.path,
        query: request.query ?? undefined,
        body: request.body ?? undefined,
        responseKind: 'json',
      })
      .withResponse();
    result.status = response.status;
    result.body = data ?? null;
  } catch (error) {
    if (error && typeof error.status === 'number') {
      result.status = error.status;
      result.body = error.body ?? null;
    } else {
      result.error = `${error?.name ?? 'Error'}: ${error?.message ?? String(error)}`;
    }
  }
  process.stdout.write(JSON.stringify(result) + '\n');
}
