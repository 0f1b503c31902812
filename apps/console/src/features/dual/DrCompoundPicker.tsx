import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import type { Page } from '../../api/client';
import { useApi } from '../../auth/AuthProvider';
import { useT } from '../../i18n';
import type { DrCompound } from './types';

/**
 * Picks a compound from dual-reporting's own copy of org's compounds: work-unit admins and members
 * may not read org's tree, but every user of this service reads this list.
 */
export function DrCompoundPicker({
  value,
  onChange,
  id,
}: {
  value?: string;
  onChange?: (v: string) => void;
  id?: string;
}) {
  const api = useApi();
  const t = useT();
  const [q, setQ] = useState('');
  const list = useQuery({
    queryKey: ['dual-reporting', '/v1/compounds', q],
    queryFn: () =>
      api.get<Page<DrCompound>>('dual-reporting', '/v1/compounds', { q: q || undefined, limit: 50 }),
  });
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={onChange}
      loading={list.isFetching}
      placeholder={t('dual.assign.compound')}
      notFoundContent={null}
      options={(list.data?.items ?? []).map((c) => ({
        value: c.id,
        label: `${c.name}（${c.streetName} ${c.communityName}）`,
      }))}
      style={{ width: '100%' }}
      aria-label={t('dual.assign.compound')}
    />
  );
}
