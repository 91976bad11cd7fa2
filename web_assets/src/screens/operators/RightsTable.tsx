import { Radio, Table, Tag } from 'antd';
import { RIGHT_KEYS, type Level, type OperatorType, type RightKey, type Rights } from '../../api/types';
import { useT } from '../../i18n/I18nContext';
import { defaultLevel, isFixedRight } from '../../session/rights';

interface Props {
  value?: Rights;
  onChange?: (rights: Rights) => void;
  type: OperatorType;
  disabled: boolean;
}

const LEVELS: Level[] = ['none', 'view', 'edit'];

/** none / view / edit per right key; fixed rights show their type's level and cannot change. */
export function RightsTable({ value = {}, onChange, type, disabled }: Props) {
  const t = useT();
  return (
    <Table<{ key: RightKey }>
      size="small"
      pagination={false}
      dataSource={RIGHT_KEYS.map((key) => ({ key }))}
      data-testid="rights-table"
      columns={[
        {
          title: t('operators.right'),
          key: 'right',
          render: (_, { key }) => (
            <>
              {t(`right.${key}`)} {isFixedRight(key) && <Tag>{t('operators.fixed')}</Tag>}
            </>
          ),
        },
        {
          title: t('operators.level'),
          key: 'level',
          render: (_, { key }) => {
            const fixed = isFixedRight(key);
            return (
              <Radio.Group
                size="small"
                optionType="button"
                value={fixed ? defaultLevel(type, key) : (value[key] ?? defaultLevel(type, key))}
                disabled={disabled || fixed}
                onChange={(e) => onChange?.({ ...value, [key]: e.target.value as Level })}
                options={LEVELS.map((level) => ({ value: level, label: t(`level.${level}`) }))}
                data-testid={`right-${key}`}
              />
            );
          },
        },
      ]}
    />
  );
}
