/**
 * The small checks every guard of the protocol is built from (pure TypeScript, all runtimes):
 * plain objects, indices, finite numbers, strings, the worker's analysis keys.
 */

export type Guard = (value: unknown) => boolean;

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isIndex = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
export const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
export const isString = (v: unknown): v is string => typeof v === 'string';
export const isNullableIndex = (v: unknown): boolean => v === null || isIndex(v);

/** Keys are positive integers below 2^53 (the worker starts them at a random base). */
export const isKey = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 1;
