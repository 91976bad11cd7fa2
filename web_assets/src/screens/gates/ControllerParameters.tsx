import { useState, type HTMLAttributes } from 'react';
import { Alert, Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { CloudDownloadOutlined, ImportOutlined } from '@ant-design/icons';
import { ApiError } from '../../api/client';
import { adoptGateParameters, readCardParameters, readGateParameters } from '../../api/controllers';
import {
  CARD_PARAMETER_NAMES,
  GATE_PARAMETER_NAMES,
  type Gate,
  type ParameterComparison,
  type ParameterField,
  type ParameterName,
  type ParameterValue,
} from '../../api/types';
import { useNotify } from '../../common/useNotify';
import type { MessageKey } from '../../i18n/en';
import { useT, type Translate } from '../../i18n/I18nContext';
import { can } from '../../session/rights';
import { useMe } from '../../session/SessionContext';
import { tableLabel, unlockModeLabel, verificationLabel } from './controllerLabels';

type Part = 'gate' | 'card';

/** One table's read: the comparison, the refusal of a right, or why the controller could not be read. */
type Read = { comparison: ParameterComparison } | { forbidden: true } | { error: ApiError };

interface Props {
  gate: Gate;
  /** After an adopt: these fields of the gate's record now hold the controller's values. */
  onAdopted: (fields: string[]) => void;
}

/**
 * "Parameters at the controller": reads the gate and IC-card parameter tables the controller holds
 * and shows each field beside the server's value; with the gate-parameters edit right, "adopt"
 * makes the controller's gate settings the gate's own (those kept elsewhere stay).
 */
export function ControllerParameters({ gate, onAdopted }: Props) {
  const t = useT();
  const me = useMe();
  const notify = useNotify();
  const rights: Record<Part, boolean> = {
    gate: can(me, 'gate_parameters', 'view'),
    card: can(me, 'ic_card_parameters', 'view'),
  };
  const canAdopt = can(me, 'gate_parameters', 'edit');
  const [reads, setReads] = useState<Partial<Record<Part, Read>>>();
  const [reading, setReading] = useState(false);
  const [adopting, setAdopting] = useState(false);

  const readPart = async (part: Part): Promise<Read> => {
    // The server decides rights; asking without one would only earn a 403.
    if (!rights[part]) return { forbidden: true };
    try {
      return { comparison: await (part === 'gate' ? readGateParameters : readCardParameters)(gate.id) };
    } catch (error) {
      const e = error instanceof ApiError ? error : new ApiError(0, 'client', String(error));
      return e.status === 403 ? { forbidden: true } : { error: e };
    }
  };

  const read = async () => {
    setReading(true);
    try {
      const [gateRead, cardRead] = await Promise.all([readPart('gate'), readPart('card')]);
      setReads({ gate: gateRead, card: cardRead });
    } finally {
      setReading(false);
    }
  };

  const adopt = async () => {
    setAdopting(true);
    try {
      const answer = await adoptGateParameters(gate.id);
      const names = (fields: string[]) => fields.map((name) => fieldLabel(t, name)).join(', ');
      if (answer.adopted.length) notify.success(t('parameters.adopted', { fields: names(answer.adopted) }));
      else notify.success(t('parameters.nothingAdopted'));
      if (answer.adopted.length) onAdopted(answer.adopted);
    } catch (error) {
      notify.error(error);
    } finally {
      setAdopting(false);
    }
    await read();
  };

  const gateRead = reads?.gate;
  const adoptable =
    gateRead && 'comparison' in gateRead
      ? gateRead.comparison.fields.filter((f) => f.differs && !f.kept_in).map((f) => f.name)
      : [];

  return (
    <div data-testid="controller-parameters">
      <div className="controller-panel__head">
        <Typography.Text type="secondary">{t('parameters.hint')}</Typography.Text>
        <Button
          icon={<CloudDownloadOutlined />}
          loading={reading}
          disabled={adopting}
          onClick={() => void read()}
          data-testid="controller-parameters-read"
        >
          {t('parameters.read')}
        </Button>
      </div>
      {reads && (
        <>
          <PartView part="gate" read={reads.gate} loading={reading} />
          {canAdopt && adoptable.length > 0 && (
            <Space className="controller-parameters__adopt" wrap>
              <Popconfirm
                title={t('parameters.adoptConfirm', { fields: adoptable.map((n) => fieldLabel(t, n)).join(', ') })}
                description={t('parameters.adoptHint')}
                onConfirm={() => adopt()}
              >
                <Button
                  icon={<ImportOutlined />}
                  loading={adopting}
                  disabled={reading}
                  data-testid="controller-parameters-adopt"
                >
                  {t('parameters.adopt')}
                </Button>
              </Popconfirm>
            </Space>
          )}
          <PartView part="card" read={reads.card} loading={reading} />
        </>
      )}
    </div>
  );
}

function PartView({ part, read, loading }: { part: Part; read: Read | undefined; loading: boolean }) {
  const t = useT();
  if (!read) return null;
  const title = (
    <Typography.Title level={5} className="controller-parameters__title">
      {tableLabel(t, part === 'gate' ? 'gate_parameters' : 'card_parameters')}
    </Typography.Title>
  );
  if ('forbidden' in read) {
    return (
      <div data-testid={`controller-parameters-${part}`} data-state="forbidden">
        {title}
        <Typography.Paragraph type="secondary">
          {t(part === 'gate' ? 'parameters.noGateRight' : 'parameters.noCardRight')}
        </Typography.Paragraph>
      </div>
    );
  }
  if ('error' in read) {
    return (
      <div data-testid={`controller-parameters-${part}`} data-state="error">
        {title}
        <Alert type="error" showIcon message={read.error.message} data-testid="controller-parameters-error" />
      </div>
    );
  }
  const { comparison } = read;
  return (
    <div data-testid={`controller-parameters-${part}`} data-state="read" data-differs={comparison.differs.length}>
      {title}
      <ParameterTable comparison={comparison} loading={loading} />
      <Typography.Paragraph type="secondary" className="controller-hint">
        {comparison.differs.length
          ? t('parameters.someDiffer', { count: comparison.differs.length })
          : t('parameters.allSame')}
      </Typography.Paragraph>
    </div>
  );
}

function ParameterTable({ comparison, loading }: { comparison: ParameterComparison; loading: boolean }) {
  const t = useT();
  const columns: ColumnsType<ParameterField> = [
    { title: t('parameters.field'), key: 'name', render: (_, f) => fieldLabel(t, f.name) },
    {
      title: t('parameters.atController'),
      key: 'controller',
      render: (_, f) => <span data-testid="parameter-controller">{valueLabel(t, f.name, f.controller)}</span>,
    },
    {
      title: t('parameters.onServer'),
      key: 'server',
      render: (_, f) => (
        <>
          <span data-testid="parameter-server">{valueLabel(t, f.name, f.server)}</span>
          {f.kept_in && (
            <Typography.Text type="secondary" className="parameter-kept-in">
              {keptInLabel(t, f.kept_in)}
            </Typography.Text>
          )}
        </>
      ),
    },
    {
      title: t('controller.tableState'),
      key: 'differs',
      width: 100,
      render: (_, f) =>
        f.differs ? <Tag color="red">{t('parameters.differs')}</Tag> : <Tag color="green">{t('parameters.same')}</Tag>,
    },
  ];
  return (
    <Table<ParameterField>
      rowKey="name"
      size="small"
      columns={columns}
      dataSource={comparison.fields}
      loading={loading}
      pagination={false}
      rowClassName={(f) => (f.differs ? 'parameter-row--differs' : '')}
      onRow={(f) =>
        ({
          'data-testid': `controller-parameter-${f.name}`,
          'data-differs': String(f.differs),
        }) as HTMLAttributes<HTMLElement>
      }
    />
  );
}

const FIELD_NAMES: readonly string[] = [...GATE_PARAMETER_NAMES, ...CARD_PARAMETER_NAMES];

/** A field's name in the operator's language; one a newer server added as the server named it. */
function fieldLabel(t: Translate, name: string): string {
  return FIELD_NAMES.includes(name) ? t(`parameters.field.${name as ParameterName}`) : name;
}

function valueLabel(t: Translate, name: string, value: ParameterValue): string {
  if (value === null || value === '') return t('parameters.empty');
  if (typeof value === 'boolean') return t(value ? 'parameters.on' : 'parameters.off');
  if (name === 'unlock_mode') return unlockModeLabel(t, String(value));
  if (name === 'verification_mode') return verificationLabel(t, String(value));
  if (name === 'door_open_seconds') return t('parameters.seconds', { n: value });
  return String(value);
}

// Where the server keeps a value that is not the gate's record, as the gate plugin names it.
const PLACES: Record<string, MessageKey> = {
  'gate.ini': 'parameters.keptIn.gateIni',
  'global anti-passback areas': 'parameters.keptIn.passbackAreas',
  'anti-passback settings': 'parameters.keptIn.passbackSettings',
};

function keptInLabel(t: Translate, place: string): string {
  const key = PLACES[place];
  return key ? t(key) : t('parameters.keptIn', { place });
}
