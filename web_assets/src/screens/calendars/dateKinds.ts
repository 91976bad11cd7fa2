import { useMemo } from 'react';
import { listDateKinds } from '../../api/calendars';
import type { DateKind, DateKindClass } from '../../api/types';
import { useLoad } from '../../common/useLoad';
import { useChanged } from '../../live/LiveEvents';

// Colours of the date kinds: a family per class (weekdays blue, holidays red, special days
// yellow-green-purple), one shade per kind of the class in the order of their IDs, so a kind
// keeps its colour on every screen.
const PALETTES: Record<DateKindClass, string[]> = {
  weekday: ['#e6f4ff', '#bae0ff', '#d6e4ff', '#adc6ff', '#91caff'],
  holiday: ['#ffccc7', '#ffa39e', '#ffd8bf', '#ffbb96', '#ff7875'],
  special: ['#fff1b8', '#d9f7be', '#efdbff', '#b5f5ec', '#ffe7ba'],
};

export const CLASS_TAG_COLOURS: Record<DateKindClass, string> = {
  weekday: 'blue',
  holiday: 'red',
  special: 'gold',
};

export interface DateKindCatalogue {
  items: DateKind[];
  byId: Map<number, DateKind>;
  colour: (id: number | null | undefined) => string;
  name: (id: number | null | undefined) => string;
}

export function catalogueOf(items: DateKind[]): DateKindCatalogue {
  const byId = new Map(items.map((k) => [k.id, k]));
  const colours = new Map<number, string>();
  const used: Record<DateKindClass, number> = { weekday: 0, holiday: 0, special: 0 };
  for (const kind of [...items].sort((a, b) => a.id - b.id)) {
    const palette = PALETTES[kind.class];
    colours.set(kind.id, palette[used[kind.class]++ % palette.length]);
  }
  return {
    items,
    byId,
    colour: (id) => (id == null ? '#ffffff' : (colours.get(id) ?? '#f0f0f0')),
    name: (id) => (id == null ? '' : (byId.get(id)?.name ?? `#${id}`)),
  };
}

/** The date kinds with their colours and names. */
export function useDateKinds() {
  const loaded = useLoad(() => listDateKinds().then((r) => r.items), []);
  // Date kinds, annual days and calendars all change under the topic `calendars`.
  useChanged('calendars', loaded.reload);
  const catalogue = useMemo(() => catalogueOf(loaded.data ?? []), [loaded.data]);
  return { ...catalogue, loading: loaded.loading, error: loaded.error, reload: loaded.reload };
}
