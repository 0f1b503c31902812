import { Card } from 'antd';
import { useMe } from '../../auth/AuthProvider';
import { PageContainer } from '../../components/PageContainer';
import { useT } from '../../i18n';
import { SettingsForm } from './SettingsForm';

/** A district admin's own settings (identity lets tenant admins change their own tenant's). */
export default function OwnSettingsPage() {
  const me = useMe();
  const t = useT();
  return (
    <PageContainer title={t('settings.title')} subtitle={t('settings.subtitle')}>
      <Card>{me.tenant && <SettingsForm tenantId={me.tenant.id} />}</Card>
    </PageContainer>
  );
}
