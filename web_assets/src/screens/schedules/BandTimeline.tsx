import type { TimeBand } from '../../api/types';
import { useT } from '../../i18n/I18nContext';
import { DOOR_MODE_COLOURS, minutesOf } from './bands';

const DAY = 24 * 60;
const TICKS = [0, 3, 6, 9, 12, 15, 18, 21, 24];

/** The 24 hours of one date kind, each band in the colour of its door mode. */
export function BandTimeline({ bands, testId }: { bands: TimeBand[]; testId?: string }) {
  const t = useT();
  return (
    <div className="band-timeline" data-testid={testId}>
      <div className="band-timeline__bar">
        {bands.map((band, i) => {
          const start = minutesOf(band.start);
          const end = minutesOf(band.end, true);
          if (Number.isNaN(start) || Number.isNaN(end) || end <= start) return null;
          const label = `${band.start}–${band.end} ${t(`doorMode.${band.door_mode}`)} · ${t('schedules.levelN', {
            n: band.passable_level,
          })} · ${t(`gates.verification.${band.verification_mode}`)}`;
          return (
            <div
              key={i}
              className="band-timeline__band"
              title={label}
              style={{
                left: `${(start / DAY) * 100}%`,
                width: `${((end - start) / DAY) * 100}%`,
                background: DOOR_MODE_COLOURS[band.door_mode],
              }}
            />
          );
        })}
      </div>
      <div className="band-timeline__ticks">
        {TICKS.map((h) => (
          <span key={h} style={{ left: `${(h / 24) * 100}%` }}>
            {h}
          </span>
        ))}
      </div>
    </div>
  );
}
