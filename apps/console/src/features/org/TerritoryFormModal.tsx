import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, InputNumber, Modal } from 'antd';
import { useState } from 'react';
import { applyProblemToForm } from '../../api/forms';
import type { FieldIssue } from '../../api/problem';
import { useApi } from '../../auth/AuthProvider';
import { ProblemAlert } from '../../components/ProblemAlert';
import { type MessageKey, useT } from '../../i18n';
import { LEVEL_API, LEVEL_FIELDS, territoryBody } from './territory';
import type { TerritoryKind } from './tree';

export interface TerritoryFormTarget {
  kind: TerritoryKind;
  mode: 'create' | 'update';
  /** Update: the record's id; create: the parent's id (none for a street). */
  id?: string;
  parentId?: string;
  parentName?: string;
  initial?: Record<string, unknown>;
}

/** Create or change one territory unit (street, community, grid, compound, building). */
export function TerritoryFormModal({
  target,
  onClose,
  onSaved,
}: {
  target: TerritoryFormTarget | null;
  onClose: () => void;
  onSaved?: (row: { id: string }) => void;
}) {
  const api = useApi();
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const [other, setOther] = useState<FieldIssue[]>([]);
  const save = useMutation({
    mutationFn: async (values: Record<string, unknown>) => {
      if (!target) throw new Error('no target');
      const level = LEVEL_API[target.kind];
      const body = territoryBody(target.kind, values, target.mode);
      if (target.mode === 'update')
        return api.patch<{ id: string }>('org', `${level.path}/${target.id}`, body);
      if (level.parentField) body[level.parentField] = target.parentId;
      return api.post<{ id: string }>('org', level.path, body);
    },
    onSuccess: (row) => {
      message.success(t(target?.mode === 'update' ? 'state.saved' : 'state.created'));
      queryClient.invalidateQueries({ queryKey: ['org'] });
      onSaved?.(row);
      onClose();
    },
    onError: (err) => setOther(applyProblemToForm(form, err, t)),
  });
  if (!target) return null;
  const kindName = t(`level.${target.kind}` as MessageKey);
  const title =
    target.mode === 'create'
      ? `${t('org.tree.addChild', { kind: kindName })}${target.parentName ? ` · ${target.parentName}` : ''}`
      : `${t('action.edit')}${kindName}`;
  const fields = LEVEL_FIELDS[target.kind];
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
      okText={t('action.save')}
    >
      {save.error && <ProblemAlert error={save.error} issues={other} />}
      <Form form={form} layout="vertical" initialValues={target.initial} onFinish={(v) => save.mutate(v)}>
        <Form.Item
          name="name"
          label={t('org.field.name')}
          rules={[{ required: true, whitespace: true, message: t('error.field.required') }]}
        >
          <Input maxLength={60} autoFocus />
        </Form.Item>
        {fields.map((f) =>
          ['householdCount', 'buildingCount', 'unitCount', 'floorCount'].includes(f) ? (
            <Form.Item key={f} name={f} label={t(`org.field.${f}` as MessageKey)}>
              <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          ) : (
            <Form.Item key={f} name={f} label={t(`org.field.${f}` as MessageKey)}>
              <Input maxLength={f === 'address' ? 200 : 100} />
            </Form.Item>
          ),
        )}
      </Form>
    </Modal>
  );
}
