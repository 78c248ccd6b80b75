/**
 * Which member of a discriminated union a value is, for unions where several members share one
 * discriminator value (`InputMessage` and `OutputMessage` are both `type: 'message'`). The
 * generated `<union>Variant()` functions in `types.ts` call `variantOf` with a table built from
 * the IR: a value held by one member maps to its name; a shared value maps to shape tests, most
 * specific first. The first test the object passes wins; an object that fits none of them, or
 * carries an unknown value, is `undefined` (a member this SDK does not know), never the first
 * member listed.
 */

/** One member's shape: keys it requires, and the values its `const`/`enum` keys may hold. */
export interface ShapeTest {
  readonly member: string;
  readonly required: readonly string[];
  readonly values: Readonly<Record<string, readonly unknown[]>>;
}

/** Discriminator value → the member holding it, or the shape tests of the members sharing it. */
export type VariantTable = Readonly<Record<string, string | readonly ShapeTest[]>>;

const hasOwn = (object: object, key: string): boolean =>
  Object.prototype.hasOwnProperty.call(object, key);

function fits(record: Record<string, unknown>, test: ShapeTest): boolean {
  if (!test.required.every((key) => hasOwn(record, key))) return false;
  return Object.entries(test.values).every(
    ([key, allowed]) => !hasOwn(record, key) || allowed.some((value) => value === record[key]),
  );
}

/** The member name of `value` (see the module comment); `undefined` for an unknown member. */
export function variantOf(value: unknown, property: string, table: VariantTable): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const tag = record[property];
  if (typeof tag !== 'string' || !hasOwn(table, tag)) return undefined;
  const entry = table[tag];
  if (typeof entry === 'string') return entry;
  return entry?.find((test) => fits(record, test))?.member;
}
