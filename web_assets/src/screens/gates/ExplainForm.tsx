import { useState } from 'react';
import { Button, DatePicker, Descriptions, Form, Input, Switch, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { explainAccess } from '../../api/controllers';
import type { ExplainAnswer, Gate } from '../../api/types';
import { showProblemsInForm, useNotify } from '../../common/useNotify';
import { useT } from '../../i18n/I18nContext';
import { decisionLabel } from './controllerLabels';

interface Values {
  card: string;
  at: Dayjs | null;
  pin: string;
  exit: boolean;
}

const FIELDS = ['card', 'at', 'pin'];

/**
 * "Would this card open this gate at that time, and why?": the one access decision over the
 * tables the controller should hold now (anti-passback aside).
 */
export function ExplainForm({ gate }: { gate: Gate }) {
  const t = useT();
  const notify = useNotify();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<ExplainAnswer>();

  const ask = async (values: Values) => {
    setBusy(true);
    try {
      setAnswer(
        await explainAccess(gate.id, {
          card: values.card.trim(),
          at: values.at ? values.at.format('YYYY-MM-DDTHH:mm') : undefined,
          pin: values.pin || undefined,
          reader: values.exit ? 'exit' : 'entry',
        }),
      );
    } catch (error) {
      setAnswer(undefined);
      showProblemsInForm(form, error, FIELDS);
      notify.error(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="explain">
      <Typography.Paragraph type="secondary">{t('explain.hint')}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ card: '', at: dayjs().second(0), pin: '', exit: false }}
        onFinish={ask}
      >
        <div className="form-grid">
          <Form.Item
            name="card"
            label={t('explain.card')}
            rules={[
              { required: true, whitespace: true, message: t('form.required') },
              { max: 16, message: t('explain.cardRule') },
            ]}
          >
            <Input autoComplete="off" data-testid="explain-card" />
          </Form.Item>
          <Form.Item name="at" label={t('explain.at')} data-testid="explain-at">
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              placeholder={t('doorModeTool.now')}
              className="full-width"
            />
          </Form.Item>
          <Form.Item name="pin" label={t('explain.pin')}>
            <Input.Password autoComplete="new-password" data-testid="explain-pin" />
          </Form.Item>
          <Form.Item name="exit" label={t('explain.exit')} valuePropName="checked">
            <Switch data-testid="explain-exit" />
          </Form.Item>
        </div>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="explain-submit">
          {t('explain.submit')}
        </Button>
      </Form>
      {answer && (
        <Descriptions
          className="explain-answer"
          size="small"
          bordered
          column={1}
          data-testid="explain-result"
          data-granted={String(answer.granted)}
          data-code={answer.code}
          items={[
            {
              key: 'decision',
              label: t('explain.decision'),
              children: (
                <>
                  <Tag color={answer.granted ? 'green' : 'red'}>
                    {t(answer.granted ? 'explain.granted' : 'explain.denied')}
                  </Tag>
                  {decisionLabel(t, answer.code)} <Typography.Text code>{answer.code}</Typography.Text>
                </>
              ),
            },
            { key: 'reason', label: t('explain.reason'), children: answer.reason },
            { key: 'at', label: t('explain.at'), children: answer.at },
            { key: 'mode', label: t('schedules.doorMode'), children: t(`doorMode.${answer.door_mode}`) },
            { key: 'level', label: t('schedules.passableLevel'), children: answer.passable_level },
            ...(answer.note
              ? [
                  {
                    key: 'note',
                    label: t('explain.note'),
                    children: <Typography.Text type="secondary">{answer.note}</Typography.Text>,
                  },
                ]
              : []),
          ]}
        />
      )}
    </div>
  );
}
