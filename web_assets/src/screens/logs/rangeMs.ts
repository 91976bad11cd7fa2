import type { Dayjs } from 'dayjs';

export type RangeValue = [Dayjs | null, Dayjs | null] | null | undefined;

/** A RangePicker value as the API's `from_ms` / `to_ms`, either end open. */
export function rangeMs(range: RangeValue): { from_ms?: number; to_ms?: number } {
  const [from, to] = range ?? [null, null];
  return { from_ms: from ? from.valueOf() : undefined, to_ms: to ? to.valueOf() : undefined };
}
