import { useState } from 'react';
import { Alert, Button, Popconfirm, Select, Space, Typography } from 'antd';
import { sendGateCommand } from '../../api/controllers';
import {
  UNLOCK_MODES,
  VERIFICATION_MODES,
  type ControllerCommand,
  type ControllerState,
  type Gate,
} from '../../api/types';
import { useT } from '../../i18n/I18nContext';
import { unlockModeLabel, verificationLabel } from './controllerLabels';

const ACTIONS = ['unlock', 'lock', 'arm', 'disarm'] as const;

interface Outcome {
  command: ControllerCommand;
  ok: boolean;
  message: string;
}

interface Props {
  gate: Gate;
  /** The controller's state, when known: the mode selects start from what it reports. */
  state: ControllerState | undefined;
  /** After every command: the state has changed (or not). */
  onDone: () => void;
}

/**
 * Lock, unlock, arm, disarm and the two modes, each after a confirmation. Shows the server's
 * answer as it is: what was carried out, or why not (offline, refused, expired).
 */
export function CommandBar({ gate, state, onDone }: Props) {
  const t = useT();
  const [busy, setBusy] = useState<ControllerCommand>();
  const [outcome, setOutcome] = useState<Outcome>();
  const [verification, setVerification] = useState<string>(state?.verification_mode || gate.verification_mode);
  const [unlockMode, setUnlockMode] = useState<string>(state?.unlock_mode || gate.unlock_mode);

  const send = async (command: ControllerCommand, value?: string) => {
    setBusy(command);
    try {
      const answer = await sendGateCommand(gate.id, command, value);
      setOutcome({ command, ok: answer.ok, message: answer.message });
    } catch (error) {
      setOutcome({ command, ok: false, message: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(undefined);
      onDone();
    }
  };

  const modeRow = (
    command: 'verification_mode' | 'unlock_mode',
    label: string,
    value: string,
    setValue: (value: string) => void,
    options: { value: string; label: string }[],
    valueLabel: string,
  ) => (
    <div className="controller-mode">
      <Typography.Text className="controller-mode__label">{label}</Typography.Text>
      <Space.Compact>
        <Select
          value={value}
          onChange={setValue}
          options={options}
          style={{ width: 220 }}
          data-testid={`controller-${command}-value`}
        />
        <Popconfirm
          title={t('controller.confirmMode', { what: label, value: valueLabel, gate: gate.name })}
          onConfirm={() => send(command, value)}
        >
          <Button
            loading={busy === command}
            disabled={busy !== undefined && busy !== command}
            data-testid={`controller-command-${command}`}
          >
            {t('controller.apply')}
          </Button>
        </Popconfirm>
      </Space.Compact>
    </div>
  );

  return (
    <div data-testid="controller-commands">
      <Space wrap className="controller-commands">
        {ACTIONS.map((command) => (
          <Popconfirm
            key={command}
            title={t('controller.confirmCommand', { command: t(`controller.command.${command}`), gate: gate.name })}
            onConfirm={() => send(command)}
          >
            <Button
              danger={command === 'unlock' || command === 'disarm'}
              loading={busy === command}
              disabled={busy !== undefined && busy !== command}
              data-testid={`controller-command-${command}`}
            >
              {t(`controller.command.${command}`)}
            </Button>
          </Popconfirm>
        ))}
      </Space>
      {modeRow(
        'verification_mode',
        t('gates.verificationMode'),
        verification,
        setVerification,
        VERIFICATION_MODES.map((m) => ({ value: m, label: t(`gates.verification.${m}`) })),
        verificationLabel(t, verification),
      )}
      {modeRow(
        'unlock_mode',
        t('gates.unlockMode'),
        unlockMode,
        setUnlockMode,
        UNLOCK_MODES.map((m) => ({ value: m, label: t(`gates.unlock.${m}`) })),
        unlockModeLabel(t, unlockMode),
      )}
      {outcome && (
        <Alert
          className="controller-outcome"
          type={outcome.ok ? 'success' : 'error'}
          showIcon
          closable
          onClose={() => setOutcome(undefined)}
          message={`${t(`controller.command.${outcome.command}`)}: ${outcome.message}`}
          data-testid="controller-command-outcome"
          data-ok={String(outcome.ok)}
        />
      )}
    </div>
  );
}
