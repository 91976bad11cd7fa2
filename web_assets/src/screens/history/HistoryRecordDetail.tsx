import { Descriptions, Tag } from 'antd';
import type { HistoryRecord } from '../../api/types';
import { formatTime } from '../../common/format';
import { useT } from '../../i18n/I18nContext';
import { DetailPane } from '../../layout/DetailPane';

interface Props {
  record: HistoryRecord;
  gateName: (id: number | null) => string;
  onClose: () => void;
}

/** Every field of one history record, read-only. */
export function HistoryRecordDetail({ record: r, gateName, onClose }: Props) {
  const t = useT();
  return (
    <DetailPane open testId="history-detail" title={t(`historyKind.${r.kind}`)} onClose={onClose}>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('history.occurredAt')}>
          {formatTime(r.occurred_at_ms)} {r.clock_skewed && <Tag color="orange">{t('history.clockSkewed')}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t('history.receivedAt')}>{formatTime(r.received_at_ms)}</Descriptions.Item>
        <Descriptions.Item label={t('history.gate')}>{gateName(r.gate_id)}</Descriptions.Item>
        <Descriptions.Item label={t('history.direction')}>{t(`direction.${r.direction}`)}</Descriptions.Item>
        <Descriptions.Item label={t('history.userId')}>{r.user_id}</Descriptions.Item>
        <Descriptions.Item label={t('history.userName')}>{r.user_name}</Descriptions.Item>
        <Descriptions.Item label={t('history.card')}>{r.card_data}</Descriptions.Item>
        <Descriptions.Item label={t('history.code')}>{r.code}</Descriptions.Item>
        <Descriptions.Item label={t('history.detail')}>{r.detail}</Descriptions.Item>
        <Descriptions.Item label={t('history.controller')}>
          {r.controller_id} / #{r.event_seq} {r.gap && <Tag color="red">{t('history.gap')}</Tag>}
        </Descriptions.Item>
      </Descriptions>
    </DetailPane>
  );
}
