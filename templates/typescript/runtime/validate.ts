// Strict response validation (`strictResponseValidation: true`): the interpreter of the schema
// table the generator renders into `src/internal/schemas.ts`. Loose mode (the default) never
// calls it, so its cost is paid only by clients that ask for it.

import { APIResponseValidationError, type ValidationIssue } from './errors.js';

export type { ValidationIssue };

/** A scalar kind; `date-time` is a string that parses as an ISO 8601 date and time. */
export type ScalarKind = 'string' | 'integer' | 'number' | 'boolean' | 'null' | 'any' | 'date-time';

/**
 * How one JSON value is checked: a scalar kind, the name of a declaration in the table (always
 * Pascal-case or `_`-prefixed, so never a kind), or a shape around further schemas. `json` is a
 * constant object or array, as its JSON text.
 */
export type Schema =
  | ScalarKind
  | string
  | { readonly const: string | number | boolean | null }
  | { readonly json: string }
  | { readonly array: Schema }
  | { readonly map: Schema }
  | { readonly nullable: Schema }
  | { readonly anyOf: readonly Schema[] };

/** A model property: wire name, schema, and 1 when the spec requires it. */
export type Property = readonly [wire: string, schema: Schema, required: 0 | 1];

/**
 * A declaration. `props`: an object model; a key it does not list is a mismatch unless `extra`
 * (the schema of additional properties) is given. `enum`: one of the values. `oneOf`: a union;
 * with `tag`, the discriminator property, and `tags` mapping each value to the members (indexes)
 * that carry it: an unknown or missing tag is a mismatch. Without `tag`, some member must match.
 * `alias`: another schema.
 */
export type Decl =
  | { readonly props: readonly Property[]; readonly extra?: Schema | undefined }
  | { readonly enum: readonly (string | number | boolean)[] }
  | {
      readonly oneOf: readonly Schema[];
      readonly tag?: string | undefined;
      readonly tags?: readonly (readonly [tag: string, ...members: number[]])[] | undefined;
    }
  | { readonly alias: Schema };

export type SchemaTable = Readonly<Record<string, Decl>>;

/** Issues collected at most; the first is what the error message leads with. */
const MAX_ISSUES = 20;
/** Schema nesting followed at most (a cycle of unions or aliases would never end). */
const MAX_DEPTH = 512;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:[Zz]|[+-](\d{2}):?(\d{2}))?$/;

/** Every mismatch of `value` against `schema` (up to a limit), in document order; `[]`: valid. */
export function validate(value: unknown, schema: Schema, table: SchemaTable): ValidationIssue[] {
  const context: Context = { table, at: [], issues: [], limit: MAX_ISSUES };
  check(value, schema, context, 0);
  return context.issues;
}

/** One walk's state. `at` is the path to the current value as a stack of keys and indexes,
 * turned into text only for an issue: valid values cost no string building. */
interface Context {
  readonly table: SchemaTable;
  readonly at: (string | number)[];
  readonly issues: ValidationIssue[];
  readonly limit: number;
}

function report(context: Context, message: string, key?: string): void {
  let path = '$';
  for (const part of context.at) path = typeof part === 'number' ? `${path}[${part}]` : member(path, part);
  context.issues.push({ path: key === undefined ? path : member(path, key), message });
}

/** Throws `APIResponseValidationError` (carrying the body, the issues and the response) when
 * `value`, parsed from `text`, does not match `schema`. */
export function assertValid(
  value: unknown,
  schema: Schema,
  table: SchemaTable,
  response: Response,
  text: string,
): void {
  const issues = validate(value, schema, table);
  if (issues.length === 0) return;
  const shown = issues.slice(0, 3).map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more${issues.length >= MAX_ISSUES ? ' at least' : ''})` : '';
  throw new APIResponseValidationError(response.status, text, `strict validation failed: ${shown}${more}`, response.headers, {
    body: value,
    issues,
    response,
  });
}

function check(value: unknown, schema: Schema, context: Context, depth: number): void {
  if (context.issues.length >= context.limit) return;
  if (depth > MAX_DEPTH) {
    report(context, 'schema nested too deeply to check');
    return;
  }
  if (typeof schema === 'string') {
    switch (schema) {
      case 'any':
        return;
      case 'string':
      case 'number':
      case 'boolean':
        if (typeof value !== schema) mismatch(value, schema, context);
        return;
      case 'integer':
        if (typeof value !== 'number' || !Number.isInteger(value)) mismatch(value, 'integer', context);
        return;
      case 'null':
        if (value !== null) mismatch(value, 'null', context);
        return;
      case 'date-time':
        if (typeof value !== 'string') mismatch(value, 'a date-time string', context);
        else if (!isDateTime(value)) report(context, `expected a date-time, got ${JSON.stringify(value)}`);
        return;
      default:
        checkDecl(value, schema, context, depth + 1);
        return;
    }
  }
  if ('const' in schema) {
    if (value !== schema.const) report(context, `expected ${JSON.stringify(schema.const)}, got ${describe(value)}`);
  } else if ('json' in schema) {
    if (!deepEqual(value, constant(schema))) report(context, `expected ${schema.json}, got ${describe(value)}`);
  } else if ('nullable' in schema) {
    if (value !== null) check(value, schema.nullable, context, depth + 1);
  } else if ('array' in schema) {
    if (!Array.isArray(value)) {
      mismatch(value, 'array', context);
      return;
    }
    for (let index = 0; index < value.length && context.issues.length < context.limit; index++) {
      context.at.push(index);
      check(value[index], schema.array, context, depth + 1);
      context.at.pop();
    }
  } else if ('map' in schema) {
    if (!isObject(value)) {
      mismatch(value, 'object', context);
      return;
    }
    for (const key of Object.keys(value)) {
      if (context.issues.length >= context.limit) return;
      context.at.push(key);
      check(value[key], schema.map, context, depth + 1);
      context.at.pop();
    }
  } else {
    checkAnyOf(value, schema.anyOf, context, depth, 'the union');
  }
}

function checkDecl(value: unknown, name: string, context: Context, depth: number): void {
  const { table } = context;
  const decl = Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
  if (decl === undefined) return; // not in this SDK's table: nothing to check against
  if ('alias' in decl) {
    check(value, decl.alias, context, depth);
  } else if ('enum' in decl) {
    if (!decl.enum.includes(value as string | number | boolean)) {
      report(context, `${describe(value)} is not one of ${name}'s values (${decl.enum.map((v) => JSON.stringify(v)).join(', ')})`);
    }
  } else if ('props' in decl) {
    if (!isObject(value)) {
      mismatch(value, `object (${name})`, context);
      return;
    }
    for (const [wire, schema, required] of decl.props) {
      if (context.issues.length >= context.limit) return;
      if (Object.prototype.hasOwnProperty.call(value, wire)) {
        context.at.push(wire);
        check(value[wire], schema, context, depth);
        context.at.pop();
      } else if (required === 1) {
        report(context, `required field missing (${name})`, wire);
      }
    }
    const known = knownKeys(decl.props);
    for (const key of Object.keys(value)) {
      if (context.issues.length >= context.limit || known.has(key)) continue;
      if (decl.extra === undefined) {
        report(context, `unexpected field (not in ${name})`, key);
      } else {
        context.at.push(key);
        check(value[key], decl.extra, context, depth);
        context.at.pop();
      }
    }
  } else if (decl.tag === undefined) {
    checkAnyOf(value, decl.oneOf, context, depth, name);
  } else if (!isObject(value)) {
    mismatch(value, `object (${name})`, context);
  } else {
    const tag = value[decl.tag];
    const row = decl.tags?.find(([known]) => known === tag);
    if (row === undefined) {
      report(context, tag === undefined ? `discriminator missing (${name})` : `unknown variant ${describe(tag)} of ${name}`, decl.tag);
    } else {
      const members = row.slice(1) as number[];
      const candidates = members.map((index) => decl.oneOf[index]).filter((s): s is Schema => s !== undefined);
      checkAnyOf(value, candidates, context, depth, name);
    }
  }
}

/** Passes when some member matches. The only candidate (a tag that selects one member) reports
 * its own issues; among several, the issue is that none matched. */
function checkAnyOf(value: unknown, members: readonly Schema[], context: Context, depth: number, what: string): void {
  const first = members[0];
  if (members.length === 1 && first !== undefined) {
    check(value, first, context, depth + 1);
    return;
  }
  for (const schema of members) {
    const trial: Context = { table: context.table, at: context.at, issues: [], limit: 1 };
    check(value, schema, trial, depth + 1);
    if (trial.issues.length === 0) return;
  }
  report(context, `${describe(value)} matches no member of ${what}`);
}

const KNOWN_KEYS = new WeakMap<readonly Property[], ReadonlySet<string>>();

function knownKeys(props: readonly Property[]): ReadonlySet<string> {
  let known = KNOWN_KEYS.get(props);
  if (known === undefined) {
    known = new Set(props.map(([wire]) => wire));
    KNOWN_KEYS.set(props, known);
  }
  return known;
}

const CONSTANTS = new WeakMap<object, unknown>();

function constant(schema: { readonly json: string }): unknown {
  if (!CONSTANTS.has(schema)) CONSTANTS.set(schema, JSON.parse(schema.json) as unknown);
  return CONSTANTS.get(schema);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (!isObject(a) || !isObject(b) || Array.isArray(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length &&
    keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** ISO 8601 date and time (RFC 3339, with an optional offset and seconds, as pydantic takes it)
 * whose fields are in range (no month 13, no February 30th). */
function isDateTime(text: string): boolean {
  const match = DATE_TIME.exec(text);
  if (match === null) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return month >= 1 && month <= 12 && day >= 1 && day <= days && Number(match[4]) <= 23 &&
    Number(match[5]) <= 59 && Number(match[6] ?? 0) <= 60 && Number(match[7] ?? 0) <= 23 &&
    Number(match[8] ?? 0) <= 59;
}

function member(path: string, key: string): string {
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function describe(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return kindOf(value);
}

function mismatch(value: unknown, expected: string, context: Context): void {
  const shown = isObject(value) || Array.isArray(value) ? '' : ` (${describe(value)})`;
  report(context, `expected ${expected}, got ${kindOf(value)}${shown}`);
}
