import { Menu, Tag, Typography } from 'antd';
import type { Calendar } from '../../api/types';
import { useT } from '../../i18n/I18nContext';

interface Props {
  calendars: Calendar[];
  groupNames: Map<number, string>;
  selected: number | undefined;
  onSelect: (id: number) => void;
}

/** The group-list pane of the calendar screen: the template first, then each group's calendar. */
export function CalendarListPane({ calendars, groupNames, selected, onSelect }: Props) {
  const t = useT();
  const ordered = [
    ...calendars.filter((c) => c.template),
    ...calendars.filter((c) => !c.template).sort((a, b) => a.name.localeCompare(b.name)),
  ];
  return (
    <div className="pane-section">
      <Typography.Text strong className="pane-section__title">
        {t('nav.calendars')}
      </Typography.Text>
      <Menu
        mode="inline"
        className="pane-menu calendar-menu"
        selectedKeys={selected === undefined ? [] : [String(selected)]}
        onClick={({ key }) => onSelect(Number(key))}
        items={ordered.map((c) => ({
          key: String(c.id),
          label: (
            <div data-testid={c.template ? 'calendar-item-template' : `calendar-item-${c.id}`}>
              <div className="calendar-menu__name">
                {c.name} {c.template && <Tag color="purple">{t('calendars.template')}</Tag>}
              </div>
              <Typography.Text type="secondary" className="calendar-menu__groups">
                {c.template
                  ? t('calendars.templateHint')
                  : c.management_group_ids.map((id) => groupNames.get(id) ?? `#${id}`).join(', ')}
              </Typography.Text>
            </div>
          ),
        }))}
      />
    </div>
  );
}
