import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Progress, Radio, Select, Space, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { affiliationsExportUrl } from '../../api/affiliations';
import { usersExportUrl } from '../../api/users';
import type { ImportEncoding, ImportKind } from '../../api/types';
import { useNotify } from '../../common/useNotify';
import { useT } from '../../i18n/I18nContext';
import { ScreenFrame } from '../../layout/ScreenFrame';
import { can } from '../../session/rights';
import { useMe } from '../../session/SessionContext';
import { ImportReportView } from './ImportReportView';
import { useImportJob } from './useImportJob';

/** CSV import of access users or affiliations (docs/csv-formats.md), and the CSV exports. */
export function ImportScreen() {
  const t = useT();
  const notify = useNotify();
  const me = useMe();
  // docs/csv-formats.md: users need import and access users at edit; affiliations need affiliations at edit.
  const kinds: ImportKind[] = [];
  if (can(me, 'access_user_import', 'edit') && can(me, 'access_users', 'edit')) kinds.push('users');
  if (can(me, 'affiliations', 'edit')) kinds.push('affiliations');

  const [kind, setKind] = useState<ImportKind | undefined>(kinds[0]);
  const [file, setFile] = useState<UploadFile>();
  const [dryRun, setDryRun] = useState(false);
  const [strict, setStrict] = useState(false);
  const [encoding, setEncoding] = useState<ImportEncoding>('auto');
  const importJob = useImportJob(notify.error);
  const { job } = importJob;

  const start = () => {
    if (!kind || !file?.originFileObj) return;
    void importJob.start(kind, file.originFileObj, { dry_run: dryRun, strict, encoding });
  };

  const percent = job?.total ? Math.floor(((job.done ?? 0) * 100) / job.total) : 0;

  return (
    <ScreenFrame testId="import" title={t('nav.import')}>
      <Space direction="vertical" size="large" className="import-page">
        <Card title={t('import.title')} size="small">
          {kinds.length === 0 ? (
            <Alert type="warning" showIcon message={t('import.noRight')} />
          ) : (
            <Space direction="vertical" className="import-form">
              <Radio.Group value={kind} onChange={(e) => setKind(e.target.value as ImportKind)} optionType="button">
                {kinds.map((k) => (
                  <Radio.Button key={k} value={k}>
                    <span data-testid={`import-kind-${k}`}>{t(`import.kind.${k}`)}</span>
                  </Radio.Button>
                ))}
              </Radio.Group>
              <div data-testid="import-upload">
                <Upload.Dragger
                  accept=".csv,text/csv"
                  maxCount={1}
                  fileList={file ? [file] : []}
                  beforeUpload={() => false}
                  onChange={({ fileList }) => setFile(fileList[fileList.length - 1])}
                  onRemove={() => setFile(undefined)}
                >
                  <p className="ant-upload-drag-icon">
                    <InboxOutlined />
                  </p>
                  <p className="ant-upload-text">{t('import.drop')}</p>
                  <p className="ant-upload-hint">{t('import.hint')}</p>
                </Upload.Dragger>
              </div>
              <Space wrap>
                <Checkbox checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} data-testid="import-dry-run">
                  {t('import.dryRun')}
                </Checkbox>
                <Checkbox checked={strict} onChange={(e) => setStrict(e.target.checked)} data-testid="import-strict">
                  {t('import.strict')}
                </Checkbox>
                <Typography.Text>{t('import.encoding')}</Typography.Text>
                <Select<ImportEncoding>
                  value={encoding}
                  onChange={setEncoding}
                  options={[
                    { value: 'auto', label: t('import.encodingAuto') },
                    { value: 'utf-8', label: 'UTF-8' },
                    { value: 'shift_jis', label: 'Shift_JIS' },
                  ]}
                  style={{ width: 160 }}
                  data-testid="import-encoding"
                />
              </Space>
              <Button
                type="primary"
                icon={<UploadOutlined />}
                disabled={!file || !kind}
                loading={importJob.running}
                onClick={start}
                data-testid="import-start"
              >
                {t('import.start')}
              </Button>
            </Space>
          )}
        </Card>

        {job && (
          <Card title={t('import.progress')} size="small">
            {job.state === 'running' && (
              <>
                <Progress percent={percent} status="active" data-testid="import-progress" />
                <Typography.Text type="secondary">
                  {t('import.rowsDone', { done: job.done ?? 0, total: job.total ?? '?' })}
                </Typography.Text>
              </>
            )}
            {job.state === 'failed' && (
              <Alert
                type="error"
                showIcon
                message={t('import.failed')}
                description={job.error}
                data-testid="import-failed"
              />
            )}
            {job.state === 'done' && job.report && <ImportReportView report={job.report} />}
          </Card>
        )}

        <Card title={t('import.exports')} size="small">
          <Space wrap>
            {can(me, 'access_users', 'view') && (
              <>
                <Button icon={<DownloadOutlined />} href={usersExportUrl('utf-8')} download>
                  {t('import.kind.users')} (UTF-8)
                </Button>
                <Button icon={<DownloadOutlined />} href={usersExportUrl('shift_jis')} download>
                  {t('import.kind.users')} (Shift_JIS)
                </Button>
              </>
            )}
            {can(me, 'affiliations', 'view') && (
              <>
                <Button icon={<DownloadOutlined />} href={affiliationsExportUrl('utf-8')} download>
                  {t('import.kind.affiliations')} (UTF-8)
                </Button>
                <Button icon={<DownloadOutlined />} href={affiliationsExportUrl('shift_jis')} download>
                  {t('import.kind.affiliations')} (Shift_JIS)
                </Button>
              </>
            )}
          </Space>
        </Card>
      </Space>
    </ScreenFrame>
  );
}
