import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Divider, Switch, Typography } from 'antd';
import { getGatePassback, setGatePassback } from '../../api/gates';
import type { Gate, GatePassback as Passback } from '../../api/types';
import { useLoad } from '../../common/useLoad';
import { useNotify } from '../../common/useNotify';
import { useT, type Translate } from '../../i18n/I18nContext';
import { can } from '../../session/rights';
import { useMe } from '../../session/SessionContext';

/** What the gate's controller applies, as the server says: `data-state` of the line. */
type Applies = 'area' | 'alone' | 'off';

const appliesOf = (p: Passback): Applies => (p.area ? 'area' : p.enforced ? 'alone' : 'off');

function appliesText(t: Translate, p: Passback): string {
  if (p.area) return t('gatePassback.area', { code: p.area.code, name: p.area.name });
  return t(p.enforced ? 'gatePassback.alone' : 'gatePassback.off');
}

/**
 * Anti-passback of a gate on its own (right gate_parameters): a switch that saves at once, and
 * what applies, where the gate's global anti-passback area, when it has one, decides instead.
 */
export function GatePassback({ gate }: { gate: Gate }) {
  const t = useT();
  const me = useMe();
  const notify = useNotify();
  const canView = can(me, 'gate_parameters', 'view');
  const canEdit = can(me, 'gate_parameters', 'edit');
  const loaded = useLoad(() => (canView ? getGatePassback(gate.id) : Promise.resolve(undefined)), [gate.id, canView]);
  // The server's last answer; while a change is saved, the switch shows where the operator put it.
  const [answer, setAnswer] = useState<Passback>();
  const [saving, setSaving] = useState(false);
  useEffect(() => setAnswer(loaded.data), [loaded.data]);

  if (!canView) return null;

  const toggle = async (own: boolean) => {
    const before = answer;
    if (!before) return;
    setAnswer({ ...before, own });
    setSaving(true);
    try {
      const fresh = await setGatePassback(gate.id, own);
      setAnswer(fresh);
      notify.success(t(own ? 'gatePassback.turnedOn' : 'gatePassback.turnedOff', { gate: gate.name }));
    } catch (error) {
      setAnswer(before);
      notify.error(error);
    } finally {
      setSaving(false);
    }
  };

  const shown = answer?.gate_id === gate.id ? answer : undefined;
  const switchId = `gate-passback-own-${gate.id}`;
  let body;
  if (loaded.error && !shown) {
    body =
      loaded.error.status === 403 ? (
        <Typography.Paragraph type="secondary">{t('parameters.noGateRight')}</Typography.Paragraph>
      ) : (
        <Alert
          type="error"
          showIcon
          message={loaded.error.message}
          action={<Button onClick={loaded.reload}>{t('action.retry')}</Button>}
          data-testid="gate-passback-error"
        />
      );
  } else {
    body = (
      <>
        <div className="gate-passback__switch">
          <Switch
            id={switchId}
            checked={shown?.own ?? false}
            loading={saving || !shown}
            disabled={!canEdit || saving || !shown}
            onChange={(own) => void toggle(own)}
            data-testid="gate-passback-own"
          />
          <label htmlFor={switchId}>{t('gatePassback.own')}</label>
        </div>
        {shown && (
          <div className="gate-passback__applies">
            <span data-testid="gate-passback-state" data-state={appliesOf(shown)}>
              <Badge status={shown.enforced ? 'success' : 'default'} text={appliesText(t, shown)} />
            </span>
            {shown.area && (
              <Typography.Text type="secondary" className="gate-passback__note" data-testid="gate-passback-area-note">
                {t('gatePassback.areaDecides')}
              </Typography.Text>
            )}
          </div>
        )}
        <Typography.Paragraph type="secondary" className="gate-passback__hint">
          {t('gatePassback.hint')}
          {!canEdit && ` ${t('gatePassback.viewOnly')}`}
        </Typography.Paragraph>
      </>
    );
  }

  return (
    <div
      data-testid="gate-passback"
      data-own={shown ? String(shown.own) : undefined}
      data-enforced={shown ? String(shown.enforced) : undefined}
    >
      <Divider orientation="left">{t('gatePassback.title')}</Divider>
      {body}
    </div>
  );
}
