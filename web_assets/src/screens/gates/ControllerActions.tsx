import { useState } from 'react';
import { Button, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { CloudUploadOutlined, FileSearchOutlined } from '@ant-design/icons';
import { transferToControllers, verifyControllers } from '../../api/controllers';
import type { ControllerOutcome, ControllerOutcomes } from '../../api/types';
import { useNotify } from '../../common/useNotify';
import { useT } from '../../i18n/I18nContext';

type Operation = 'transfer' | 'verify' | 'repair';

interface Result {
  operation: Operation;
  answer: ControllerOutcomes;
}

interface Props {
  /** The gates checked in the list; none: every gate of the operator's. */
  selectedIds: number[];
  /** "CODE name" of a gate, for the outcome list. */
  gateLabel: (id: number) => string;
  /** After each operation: the controllers' state has changed. */
  onDone: () => void;
}

/** "Transfer" and "Verify" for the checked gates (or all), with each controller's outcome. */
export function ControllerActions({ selectedIds, gateLabel, onDone }: Props) {
  const t = useT();
  const notify = useNotify();
  const [busy, setBusy] = useState<Operation>();
  const [result, setResult] = useState<Result>();
  const count = selectedIds.length;

  const run = async (operation: Operation, action: () => Promise<ControllerOutcomes>) => {
    setBusy(operation);
    try {
      setResult({ operation, answer: await action() });
    } catch (error) {
      notify.error(error);
    } finally {
      setBusy(undefined);
      onDone();
    }
  };

  return (
    <>
      <Space wrap>
        <Popconfirm
          title={count ? t('gates.transferConfirmSelected', { count }) : t('gates.transferConfirmAll')}
          onConfirm={() => run('transfer', () => transferToControllers(selectedIds))}
        >
          <Button
            icon={<CloudUploadOutlined />}
            loading={busy === 'transfer'}
            disabled={busy !== undefined && busy !== 'transfer'}
            data-testid="gates-transfer"
          >
            {t('gates.transfer')}
          </Button>
        </Popconfirm>
        <Button
          icon={<FileSearchOutlined />}
          loading={busy === 'verify' || busy === 'repair'}
          disabled={busy === 'transfer'}
          onClick={() => void run('verify', () => verifyControllers(selectedIds))}
          data-testid="gates-verify"
        >
          {t('gates.verify')}
        </Button>
        <Typography.Text type="secondary" data-testid="gates-scope">
          {count ? t('gates.selectedCount', { count }) : t('gates.allControllers')}
        </Typography.Text>
      </Space>
      {result && (
        <OutcomesModal
          result={result}
          gateLabel={gateLabel}
          repairing={busy === 'repair'}
          onRepair={(ids) => void run('repair', () => verifyControllers(ids, true))}
          onClose={() => setResult(undefined)}
        />
      )}
    </>
  );
}

interface ModalProps {
  result: Result;
  gateLabel: (id: number) => string;
  repairing: boolean;
  onRepair: (gateIds: number[]) => void;
  onClose: () => void;
}

function OutcomesModal({ result, gateLabel, repairing, onRepair, onClose }: ModalProps) {
  const t = useT();
  const { operation, answer } = result;
  // The ones that need attention first.
  const items = [...answer.items].sort((a, b) => Number(a.ok) - Number(b.ok) || a.gate_id - b.gate_id);
  const failed = items.filter((o) => !o.ok);
  const ok = items.length - failed.length;

  const columns: ColumnsType<ControllerOutcome> = [
    { title: t('outcomes.gate'), key: 'gate', render: (_, o) => gateLabel(o.gate_id) },
    {
      title: t('outcomes.outcome'),
      key: 'ok',
      width: 110,
      render: (_, o) => <Tag color={o.ok ? 'green' : 'red'}>{t(o.ok ? 'outcomes.okTag' : 'outcomes.failedTag')}</Tag>,
    },
    { title: t('outcomes.message'), dataIndex: 'message', key: 'message' },
  ];

  const footer = (
    <Space>
      {operation === 'verify' && failed.length > 0 && (
        <Popconfirm
          title={t('outcomes.repairConfirm', { count: failed.length })}
          onConfirm={() => onRepair(failed.map((o) => o.gate_id))}
        >
          <Button danger loading={repairing} data-testid="outcomes-repair">
            {t('outcomes.repair', { count: failed.length })}
          </Button>
        </Popconfirm>
      )}
      <Button type="primary" onClick={onClose} data-testid="outcomes-close">
        {t('outcomes.close')}
      </Button>
    </Space>
  );

  return (
    <Modal open title={t(`outcomes.title.${operation}`)} onCancel={onClose} footer={footer} width={760}>
      <div data-testid="controller-outcomes" data-ok={ok} data-failed={failed.length}>
        <Space className="outcomes-summary" wrap>
          <Tag color="green">{t('outcomes.ok', { count: ok })}</Tag>
          <Tag color={failed.length ? 'red' : 'default'}>{t('outcomes.failed', { count: failed.length })}</Tag>
          {answer.elapsed_ms !== undefined && (
            <Typography.Text type="secondary">{t('outcomes.elapsed', { ms: answer.elapsed_ms })}</Typography.Text>
          )}
        </Space>
        <Table<ControllerOutcome>
          rowKey="gate_id"
          size="small"
          columns={columns}
          dataSource={items}
          pagination={items.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          rowClassName={(o) => (o.ok ? '' : 'outcome-row--failed')}
          locale={{ emptyText: t('outcomes.none') }}
        />
      </div>
    </Modal>
  );
}
