import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Col,
  DatePicker,
  Drawer,
  Form,
  Grid,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Switch,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { Page } from '../../api/client';
import { applyProblemToForm } from '../../api/forms';
import type { FieldIssue } from '../../api/problem';
import { useApi } from '../../auth/AuthProvider';
import { CompoundPicker } from '../../components/CompoundPicker';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n';
import type { Building, Household } from '../org/territory';
import type { Member } from './types';

interface MemberFormValues {
  name: string;
  gender: 'male' | 'female';
  birthYear: number;
  phone: string;
  compoundId: string;
  buildingId?: string;
  householdId?: string;
  status: 'full' | 'probationary';
  management: 'self' | 'non-self';
  membershipOrg?: string;
  isHomeowner: boolean;
  joinedOn: Dayjs;
}

/** The body org expects from the form (dates as YYYY-MM-DD, blanks left out or nulled). */
export function memberBody(v: MemberFormValues, existing?: Member): Record<string, unknown> {
  const org = v.management === 'non-self' ? v.membershipOrg?.trim() || undefined : undefined;
  const body: Record<string, unknown> = {
    name: v.name?.trim(),
    gender: v.gender,
    birthYear: v.birthYear,
    phone: v.phone?.trim(),
    status: v.status,
    management: v.management,
    isHomeowner: !!v.isHomeowner,
    joinedOn: v.joinedOn ? dayjs(v.joinedOn).format('YYYY-MM-DD') : undefined,
  };
  if (existing) {
    body.version = existing.version;
    body.membershipOrg = org ?? null;
    body.buildingId = v.buildingId ?? null;
    body.householdId = v.householdId ?? null;
  } else {
    body.compoundId = v.compoundId;
    if (org) body.membershipOrg = org;
    if (v.buildingId) body.buildingId = v.buildingId;
    if (v.householdId) body.householdId = v.householdId;
  }
  return body;
}

export function MemberDrawer({
  open,
  member,
  compoundId,
  onClose,
}: {
  open: boolean;
  member?: Member | null;
  /** Registering from a compound's page: the compound is fixed. */
  compoundId?: string;
  onClose: () => void;
}) {
  const api = useApi();
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<MemberFormValues>();
  const [other, setOther] = useState<FieldIssue[]>([]);
  const compound = Form.useWatch('compoundId', form) ?? member?.compoundId ?? compoundId;
  const building = Form.useWatch('buildingId', form);
  const management = Form.useWatch('management', form);
  const buildings = useQuery({
    queryKey: ['org', '/v1/buildings', 'of', compound],
    queryFn: () => api.get<Page<Building>>('org', '/v1/buildings', { compoundId: compound, limit: 100 }),
    enabled: !!compound && open,
  });
  const households = useQuery({
    queryKey: ['org', '/v1/households', 'of', building],
    queryFn: () => api.get<Page<Household>>('org', '/v1/households', { buildingId: building, limit: 100 }),
    enabled: !!building && open,
  });
  const save = useMutation({
    mutationFn: (v: MemberFormValues) =>
      member
        ? api.patch<Member>('org', `/v1/members/${member.id}`, memberBody(v, member))
        : api.post<Member>('org', '/v1/members', memberBody(v)),
    onSuccess: () => {
      message.success(t(member ? 'state.saved' : 'state.created'));
      queryClient.invalidateQueries({ queryKey: ['org'] });
      onClose();
    },
    onError: (err) => setOther(applyProblemToForm(form, err, t)),
  });
  const required = { required: true, message: t('error.field.required') };
  const initial: Partial<MemberFormValues> = member
    ? {
        name: member.name,
        gender: member.gender,
        birthYear: member.birthYear,
        phone: member.phoneMasked ? undefined : member.phone,
        compoundId: member.compoundId,
        buildingId: member.buildingId ?? undefined,
        householdId: member.householdId ?? undefined,
        status: member.status,
        management: member.management,
        membershipOrg: member.membershipOrg ?? undefined,
        isHomeowner: member.isHomeowner,
        joinedOn: dayjs(member.joinedOn),
      }
    : { compoundId, gender: 'male', status: 'full', management: 'self', isHomeowner: false };
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t(member ? 'members.edit' : 'members.add')}
      size={screens.md ? 560 : '100%'}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>{t('action.cancel')}</Button>
          <Button type="primary" onClick={() => form.submit()} loading={save.isPending}>
            {t('action.save')}
          </Button>
        </Space>
      }
    >
      {save.error && <ProblemAlert error={save.error} issues={other} />}
      <Form<MemberFormValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => save.mutate(v)}
      >
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="name" label={t('members.name')} rules={[required]}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="gender" label={t('members.gender')} rules={[required]}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'male', label: t('members.gender.male') },
                  { value: 'female', label: t('members.gender.female') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="birthYear" label={t('members.birthYear')} rules={[required]}>
              <InputNumber min={1900} max={dayjs().year() - 18} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="phone"
              label={t('members.phone')}
              rules={member?.phoneMasked ? [] : [required]}
              extra={member?.phoneMasked ? member.phone : undefined}
            >
              <Input inputMode="tel" maxLength={11} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="joinedOn" label={t('members.joinedOn')} rules={[required]}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs())} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="compoundId" label={t('members.compound')} rules={[required]}>
          <CompoundPicker disabled={!!member || !!compoundId} />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={12}>
            <Form.Item name="buildingId" label={t('members.building')}>
              <Select
                allowClear
                loading={buildings.isFetching}
                options={(buildings.data?.items ?? []).map((b) => ({ value: b.id, label: b.name }))}
                onChange={() => form.setFieldValue('householdId', undefined)}
              />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="householdId" label={t('members.room')}>
              <Select
                allowClear
                disabled={!building}
                loading={households.isFetching}
                options={(households.data?.items ?? []).map((h) => ({ value: h.id, label: h.room }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="status" label={t('members.status')} rules={[required]}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'full', label: t('members.status.full') },
                  { value: 'probationary', label: t('members.status.probationary') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="management" label={t('members.management')} rules={[required]}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'self', label: t('members.management.self') },
                  { value: 'non-self', label: t('members.management.non-self') },
                ]}
              />
            </Form.Item>
          </Col>
        </Row>
        {management === 'non-self' && (
          <Form.Item
            name="membershipOrg"
            label={t('members.membershipOrg')}
            extra={t('members.membershipOrg.help')}
            rules={[required]}
          >
            <Input maxLength={100} />
          </Form.Item>
        )}
        <Form.Item name="isHomeowner" label={t('members.isHomeowner')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
