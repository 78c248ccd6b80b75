// Request body encoding: JSON, multipart/form-data, URL-encoded forms and raw bodies.
//
// Form flattening (multipart and URL-encoded alike) follows the Python runtime (`_body.py`), so
// both SDKs put the same fields on the wire for the same call:
// - `undefined` and `null` are left out (a form cannot express null);
// - booleans become `true` / `false`, numbers and bigints their decimal text, strings stay as is;
// - an array repeats its key (`tag=a&tag=b`); a nested object uses brackets
//   (`expires_after[anchor]=created_at`), an object or array inside an array its index
//   (`items[0][name]=x`);
// - a `Blob`/`File`, `ArrayBuffer` or typed array is a file part (multipart only); other objects
//   with a `toJSON()` (e.g. `Date`) are sent as their JSON value.
// Multipart fields come first, then file parts, each in order, as in Python.

import { isPlainObject } from './utils.js';

/**
 * How the request body is sent: JSON (the default), `multipart/form-data`, a URL-encoded form,
 * or `raw` (a string, Blob or bytes as given; the generated method sets the content type).
 */
export type BodyEncoding = 'json' | 'multipart' | 'form' | 'raw';

/** Sent as the filename of a file part without one (a `Blob` or bytes), as Python does. */
export const DEFAULT_FILENAME = 'upload';

/** One flattened form field: text, or a file for a multipart body. */
export type FormValue = string | Blob;

/** The body as fetch takes it, and its content type (left to fetch for multipart: boundary). */
export function encodeBody(
  body: unknown,
  encoding: BodyEncoding,
): { body: BodyInit | undefined; contentType: string | undefined } {
  if (body === undefined) return { body: undefined, contentType: undefined };
  if (encoding === 'json') return { body: JSON.stringify(body), contentType: 'application/json' };
  if (encoding === 'raw') {
    const raw =
      typeof body === 'string' || body instanceof Blob || body instanceof ArrayBuffer || ArrayBuffer.isView(body);
    return { body: raw ? (body as BodyInit) : JSON.stringify(body), contentType: undefined };
  }
  if (!isPlainObject(body)) {
    throw new TypeError(`A ${encoding === 'form' ? 'form' : 'multipart/form-data'} body must be an object.`);
  }
  const pairs = flattenForm(body);
  if (encoding === 'form') {
    const params = new URLSearchParams();
    for (const [key, value] of pairs) {
      if (typeof value !== 'string') {
        throw new TypeError(`${key}: files can only be sent in a multipart/form-data body.`);
      }
      params.append(key, value);
    }
    return { body: params.toString(), contentType: 'application/x-www-form-urlencoded' };
  }
  const form = new FormData();
  for (const [key, value] of pairs) if (typeof value === 'string') form.append(key, value);
  for (const [key, value] of pairs) {
    if (typeof value !== 'string') form.append(key, value, value instanceof File ? value.name : DEFAULT_FILENAME);
  }
  return { body: form, contentType: undefined };
}

/** `[key, value]` pairs of a form body, flattened as described at the top of this file. */
export function flattenForm(body: Readonly<Record<string, unknown>>): Array<[string, FormValue]> {
  const pairs: Array<[string, FormValue]> = [];
  for (const [key, value] of Object.entries(body)) flattenInto(pairs, key, value);
  return pairs;
}

function flattenInto(pairs: Array<[string, FormValue]>, key: string, raw: unknown): void {
  const value = jsonForm(key, raw);
  if (value === undefined || value === null) return;
  if (typeof value === 'string') pairs.push([key, value]);
  else if (typeof value === 'boolean') pairs.push([key, value ? 'true' : 'false']);
  else if (typeof value === 'number' || typeof value === 'bigint') pairs.push([key, String(value)]);
  else if (value instanceof Blob) pairs.push([key, value]);
  else if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) pairs.push([key, bytesBlob(value)]);
  else if (Array.isArray(value)) {
    (value as unknown[]).forEach((item, index) => {
      const converted = jsonForm(`${key}[${index}]`, item);
      const nested = Array.isArray(converted) || isPlainObject(converted);
      flattenInto(pairs, nested ? `${key}[${index}]` : key, converted);
    });
  } else if (isPlainObject(value)) {
    for (const [subKey, item] of Object.entries(value)) flattenInto(pairs, `${key}[${subKey}]`, item);
  } else {
    throw new TypeError(`${key}: cannot send a value of type ${typeName(value)} in a form body.`);
  }
}

/** A non-plain object with a `toJSON()` (a `Date`, ...) as its JSON value; anything else as is. */
function jsonForm(key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || isPlainObject(value) || Array.isArray(value)) return value;
  if (value instanceof Blob || value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return value;
  const toJSON: unknown = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON !== 'function') {
    throw new TypeError(`${key}: cannot send a value of type ${typeName(value)} in a form body.`);
  }
  return toJSON.call(value) as unknown;
}

/** A copy of the bytes as a Blob (a copy, so later changes to the caller's buffer are not sent). */
function bytesBlob(value: ArrayBuffer | ArrayBufferView): Blob {
  const view = value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return new Blob([view.slice()]);
}

function typeName(value: unknown): string {
  if (typeof value !== 'object' || value === null) return typeof value;
  const name: unknown = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' ? name : 'object';
}
