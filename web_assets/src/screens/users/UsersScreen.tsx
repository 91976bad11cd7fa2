import { useCallback, useMemo, useState } from 'react';
import { App, Button, Dropdown, Input, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { SortOrder as SortDirection } from 'antd/es/table/interface';
import { DeleteOutlined, DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { createSavedSearch, deleteSavedSearch, listSavedSearches } from '../../api/savedSearches';
import {
  deleteMatchingUsers,
  listUsers,
  usersExportUrl,
  type SortOrder,
  type UserFilter,
  type UserSort,
} from '../../api/users';
import type { AccessUser, SavedSearch } from '../../api/types';
import { CursorPager } from '../../common/CursorPager';
import { rowProps } from '../../common/rowProps';
import { useCursorPages } from '../../common/useCursorPages';
import { useLoad } from '../../common/useLoad';
import { useNotify } from '../../common/useNotify';
import { useAffiliations } from '../../data/catalogues';
import { affiliationLabel } from '../../data/affiliationTree';
import { useT } from '../../i18n/I18nContext';
import { LoadError } from '../../layout/LoadError';
import { ScreenFrame } from '../../layout/ScreenFrame';
import { useChanged } from '../../live/LiveEvents';
import { can } from '../../session/rights';
import { useMe } from '../../session/SessionContext';
import { AffiliationFilterPane } from './AffiliationFilterPane';
import { SavedSearchPane } from './SavedSearchPane';
import { SaveSearchButton } from './SaveSearchButton';
import { UserDetail, type UserTarget } from './UserDetail';

/** What a saved search stores: the filters and the sort of the list. */
interface Conditions extends UserFilter {
  sort?: UserSort;
  order?: SortOrder;
}

// antd moves to the direction after the current one; repeating 'ascend' makes a header click
// toggle the order instead of clearing the sort (the API always sorts).
const TOGGLE_SORT: SortDirection[] = ['ascend', 'descend', 'ascend'];

const hasFilter = (f: UserFilter) =>
  Boolean(f.text || f.card || f.affiliation_id !== undefined || f.gate_id !== undefined);

function parseConditions(text: string): Conditions {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Conditions) : {};
  } catch {
    return {};
  }
}

export function UsersScreen() {
  const t = useT();
  const notify = useNotify();
  const { modal } = App.useApp();
  const me = useMe();
  const canEdit = can(me, 'access_users', 'edit');
  const affiliations = useAffiliations();

  const [filter, setFilter] = useState<UserFilter>({});
  const [textInput, setTextInput] = useState('');
  const [cardInput, setCardInput] = useState('');
  const [sort, setSort] = useState<UserSort>('user_id');
  const [order, setOrder] = useState<SortOrder>('asc');
  const [pageSize, setPageSize] = useState(50);
  const pages = useCursorPages();
  const [detail, setDetail] = useState<UserTarget | null>(null);

  const list = useLoad(
    () => listUsers({ ...filter, sort, order, limit: pageSize, cursor: pages.cursor }),
    [JSON.stringify(filter), sort, order, pageSize, pages.cursor],
  );
  useChanged('users', list.reload);

  const saved = useLoad(() => listSavedSearches().then((r) => r.items), []);

  // Any change of what is listed starts again at the first page.
  const applyFilter = useCallback(
    (next: UserFilter) => {
      setFilter(next);
      setTextInput(next.text ?? '');
      setCardInput(next.card ?? '');
      pages.reset();
    },
    [pages],
  );

  const affiliationNames = useMemo(
    () => new Map(affiliations.items.map((a) => [a.id, affiliationLabel(a)])),
    [affiliations.items],
  );

  const applySaved = (search: SavedSearch) => {
    const c = parseConditions(search.conditions);
    applyFilter({ text: c.text, card: c.card, affiliation_id: c.affiliation_id, gate_id: c.gate_id });
    if (c.sort) setSort(c.sort);
    if (c.order) setOrder(c.order);
  };

  const saveSearch = async (name: string) => {
    const conditions: Conditions = { ...filter, sort, order };
    try {
      await createSavedSearch(name, JSON.stringify(conditions));
      notify.success(t('saved'));
      saved.reload();
      return true;
    } catch (error) {
      notify.error(error);
      return false;
    }
  };

  const removeSaved = async (search: SavedSearch) => {
    try {
      await deleteSavedSearch(search.id);
      saved.reload();
    } catch (error) {
      notify.error(error);
    }
  };

  const total = list.data?.total;
  const confirmDeleteMatching = () => {
    modal.confirm({
      title: t('users.deleteMatchingTitle'),
      content: t('users.deleteMatchingConfirm', { count: total ?? '?' }),
      okText: t('action.delete'),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          const result = await deleteMatchingUsers(filter);
          notify.success(t('users.deletedCount', { count: result.deleted }));
          pages.reset();
          list.reload();
        } catch (error) {
          notify.error(error);
        }
      },
    });
  };

  const columns: ColumnsType<AccessUser> = [
    {
      title: t('users.userId'),
      dataIndex: 'user_id',
      key: 'user_id',
      sorter: true,
      sortOrder: sort === 'user_id' ? (order === 'asc' ? 'ascend' : 'descend') : null,
      sortDirections: TOGGLE_SORT,
    },
    {
      title: t('users.name'),
      dataIndex: 'name',
      key: 'name',
      sorter: true,
      sortOrder: sort === 'name' ? (order === 'asc' ? 'ascend' : 'descend') : null,
      sortDirections: TOGGLE_SORT,
    },
    { title: t('users.reading'), dataIndex: 'reading', key: 'reading' },
    {
      title: t('users.affiliation'),
      key: 'affiliation',
      render: (_, u) =>
        u.affiliation_id === null ? '' : (affiliationNames.get(u.affiliation_id) ?? u.affiliation_code),
    },
    {
      title: t('users.validity'),
      key: 'validity',
      render: (_, u) => (u.valid_from || u.valid_to ? `${u.valid_from} – ${u.valid_to}` : ''),
    },
    {
      title: t('users.cards'),
      key: 'cards',
      render: (_, u) => u.cards.map((c) => <Tag key={c}>{c}</Tag>),
    },
  ];

  const toolbar = (
    <Space wrap>
      <Input.Search
        allowClear
        value={textInput}
        onChange={(e) => setTextInput(e.target.value)}
        onSearch={(text) => applyFilter({ ...filter, text: text.trim() || undefined })}
        placeholder={t('users.searchText')}
        style={{ width: 280 }}
        data-testid="user-search"
      />
      <Input.Search
        allowClear
        value={cardInput}
        onChange={(e) => setCardInput(e.target.value)}
        onSearch={(card) => applyFilter({ ...filter, card: card.trim() || undefined })}
        placeholder={t('users.searchCard')}
        style={{ width: 200 }}
        data-testid="user-search-card"
      />
      <SaveSearchButton onSave={saveSearch} />
      {canEdit && (
        <Button
          danger
          icon={<DeleteOutlined />}
          disabled={!hasFilter(filter) || !total}
          onClick={confirmDeleteMatching}
          data-testid="user-delete-matching"
        >
          {t('users.deleteMatching', { count: total ?? 0 })}
        </Button>
      )}
    </Space>
  );

  const actions = (
    <Space>
      <Dropdown
        menu={{
          items: [
            {
              key: 'utf-8',
              label: (
                <a href={usersExportUrl('utf-8')} download>
                  UTF-8
                </a>
              ),
            },
            {
              key: 'sjis',
              label: (
                <a href={usersExportUrl('shift_jis')} download>
                  Shift_JIS
                </a>
              ),
            },
          ],
        }}
      >
        <Button icon={<DownloadOutlined />} data-testid="user-export">
          {t('action.exportCsv')}
        </Button>
      </Dropdown>
      {canEdit && (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setDetail({ kind: 'create', affiliationId: filter.affiliation_id })}
          data-testid="user-new"
        >
          {t('users.new')}
        </Button>
      )}
    </Space>
  );

  const groupPane = (
    <>
      <AffiliationFilterPane
        affiliations={affiliations.items}
        selected={filter.affiliation_id}
        onSelect={(id) => applyFilter({ ...filter, affiliation_id: id })}
      />
      <SavedSearchPane searches={saved.data ?? []} onApply={applySaved} onDelete={removeSaved} />
    </>
  );

  return (
    <ScreenFrame testId="users" title={t('nav.users')} groupPane={groupPane} actions={actions} toolbar={toolbar}>
      {list.error ? (
        <LoadError error={list.error} onRetry={list.reload} />
      ) : (
        <>
          <Table<AccessUser>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.loading}
            pagination={false}
            onChange={(_, __, sorter) => {
              const s = Array.isArray(sorter) ? sorter[0] : sorter;
              if (s?.columnKey === 'user_id' || s?.columnKey === 'name') {
                setSort(s.columnKey);
                setOrder(s.order === 'descend' ? 'desc' : 'asc');
                pages.reset();
              }
            }}
            onRow={(u) =>
              rowProps(
                `user-row-${u.user_id}`,
                () => setDetail({ kind: 'edit', id: u.id }),
                detail?.kind === 'edit' && detail.id === u.id,
              )
            }
            data-testid="user-table"
          />
          <CursorPager
            pageIndex={pages.pageIndex}
            pageSize={pageSize}
            count={list.data?.items.length ?? 0}
            total={total}
            hasNext={Boolean(list.data?.next_cursor)}
            onPrevious={pages.previous}
            onNext={() => pages.next(list.data?.next_cursor ?? '')}
            onPageSize={(size) => {
              setPageSize(size);
              pages.reset();
            }}
          />
        </>
      )}
      {detail && (
        <UserDetail
          key={detail.kind === 'edit' ? detail.id : `new-${detail.affiliationId ?? ''}`}
          target={detail}
          affiliations={affiliations.items}
          canEdit={canEdit}
          onClose={() => setDetail(null)}
          onSaved={(user) => {
            setDetail({ kind: 'edit', id: user.id });
            list.reload();
          }}
          onDeleted={() => {
            setDetail(null);
            list.reload();
          }}
        />
      )}
    </ScreenFrame>
  );
}
