import { Button, List, Popconfirm, Typography } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import type { SavedSearch } from '../../api/types';
import { useT } from '../../i18n/I18nContext';

interface Props {
  searches: SavedSearch[];
  onApply: (search: SavedSearch) => void;
  onDelete: (search: SavedSearch) => void;
}

/** The operator's own saved search conditions (at most 20), under the affiliation tree. */
export function SavedSearchPane({ searches, onApply, onDelete }: Props) {
  const t = useT();
  return (
    <div className="pane-section" data-testid="saved-searches">
      <Typography.Text strong className="pane-section__title">
        {t('savedSearch.title')}
      </Typography.Text>
      <List
        size="small"
        dataSource={searches}
        locale={{ emptyText: t('savedSearch.none') }}
        renderItem={(search) => (
          <List.Item
            className="saved-search"
            actions={[
              <Popconfirm
                key="delete"
                title={t('savedSearch.deleteConfirm', { name: search.name })}
                onConfirm={() => onDelete(search)}
              >
                <Button
                  type="text"
                  size="small"
                  icon={<DeleteOutlined />}
                  aria-label={t('action.delete')}
                  data-testid={`saved-search-delete-${search.id}`}
                />
              </Popconfirm>,
            ]}
          >
            <Typography.Link onClick={() => onApply(search)} data-testid={`saved-search-${search.id}`}>
              {search.name}
            </Typography.Link>
          </List.Item>
        )}
      />
    </div>
  );
}
