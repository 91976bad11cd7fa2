import { Menu, Typography } from 'antd';
import type { ManagementGroup } from '../../api/types';
import { useT } from '../../i18n/I18nContext';

interface Props {
  groups: ManagementGroup[];
  selected: number | undefined;
  onSelect: (id: number | undefined) => void;
}

const ALL = 'all';

/** The group-list pane of the gate list: all gates, or those of one management group. */
export function ManagementGroupPane({ groups, selected, onSelect }: Props) {
  const t = useT();
  return (
    <div className="pane-section">
      <Typography.Text strong className="pane-section__title">
        {t('nav.managementGroups')}
      </Typography.Text>
      <Menu
        mode="inline"
        className="pane-menu"
        selectedKeys={[selected === undefined ? ALL : String(selected)]}
        onClick={({ key }) => onSelect(key === ALL ? undefined : Number(key))}
        items={[
          { key: ALL, label: <span data-testid="mg-filter-all">{t('gates.allGroups')}</span> },
          ...groups.map((g) => ({
            key: String(g.id),
            label: <span data-testid={`mg-filter-${g.code}`}>{`${g.name} (${g.code})`}</span>,
          })),
        ]}
      />
    </div>
  );
}
