import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Drawer,
  Form,
  Grid,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { applyProblemToForm } from '../../api/forms';
import type { FieldIssue } from '../../api/problem';
import { useCursorList } from '../../api/useCursorList';
import { useApi } from '../../auth/AuthProvider';
import { type DataScope, ROLES } from '../../auth/access';
import { CursorPager } from '../../components/CursorPager';
import { PageContainer } from '../../components/PageContainer';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScopePicker } from '../../components/ScopePicker';
import { EmptyState, ErrorState } from '../../components/States';
import { useT } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { indexTree, useTerritoryTree } from '../org/tree';

export interface User {
  id: string;
  username: string;
  displayName: string;
  phone: string | null;
  roles: string[];
  roleNames: string[];
  scope: DataScope;
  status: 'active' | 'disabled';
  lastLoginAt: string | null;
  createdAt: string;
  version: number;
}

interface UserForm {
  username?: string;
  displayName: string;
  phone?: string;
  password?: string;
  roles: string[];
  scope: DataScope;
}

function useRoleOptions() {
  const t = useT();
  return ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }));
}

function UserDrawer({ user, open, onClose }: { user: User | null; open: boolean; onClose: () => void }) {
  const api = useApi();
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<UserForm>();
  const [other, setOther] = useState<FieldIssue[]>([]);
  const roleOptions = useRoleOptions();
  const roles = Form.useWatch('roles', form) ?? user?.roles ?? [];
  const save = useMutation({
    mutationFn: (v: UserForm) => {
      const phone = v.phone?.trim() ? v.phone.trim() : undefined;
      if (user)
        return api.patch<User>('identity', `/v1/users/${user.id}`, {
          displayName: v.displayName,
          phone: phone ?? null,
          roles: v.roles,
          scope: v.scope ?? {},
        });
      return api.post<User>('identity', '/v1/users', {
        username: v.username,
        displayName: v.displayName,
        phone,
        password: v.password,
        roles: v.roles,
        scope: v.scope ?? {},
      });
    },
    onSuccess: () => {
      message.success(t(user ? 'state.saved' : 'state.created'));
      queryClient.invalidateQueries({ queryKey: ['identity', '/v1/users'] });
      onClose();
    },
    onError: (err) => setOther(applyProblemToForm(form, err, t)),
  });
  const required = { required: true, message: t('error.field.required') };
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t(user ? 'users.edit' : 'users.create')}
      size={screens.md ? 520 : '100%'}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>{t('action.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            {t('action.save')}
          </Button>
        </Space>
      }
    >
      {save.error && <ProblemAlert error={save.error} issues={other} />}
      <Form<UserForm>
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        initialValues={
          user
            ? {
                displayName: user.displayName,
                phone: user.phone ?? '',
                roles: user.roles,
                scope: user.scope ?? {},
              }
            : { roles: [], scope: {} }
        }
      >
        {!user && (
          <Form.Item
            name="username"
            label={t('users.username')}
            extra={t('users.username.help')}
            rules={[required]}
          >
            <Input autoComplete="off" />
          </Form.Item>
        )}
        <Form.Item name="displayName" label={t('users.displayName')} rules={[required]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="phone" label={t('users.phone')}>
          <Input inputMode="tel" maxLength={11} />
        </Form.Item>
        {!user && (
          <Form.Item
            name="password"
            label={t('users.password')}
            extra={t('account.newPassword.help')}
            rules={[required]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        <Form.Item
          name="roles"
          label={t('users.roles')}
          rules={[{ required: true, type: 'array', min: 1, message: t('error.field.required') }]}
        >
          <Select
            mode="multiple"
            options={roleOptions}
            optionFilterProp="label"
            aria-label={t('users.roles')}
          />
        </Form.Item>
        <Form.Item name="scope" label={t('users.scope')} extra={t('users.scope.help')}>
          <ScopePicker roles={roles} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

function ResetPassword({ user }: { user: User }) {
  const api = useApi();
  const t = useT();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ password: string }>();
  const [other, setOther] = useState<FieldIssue[]>([]);
  const reset = useMutation({
    mutationFn: (v: { password: string }) => api.post('identity', `/v1/users/${user.id}/reset-password`, v),
    onSuccess: () => {
      message.success(t('users.resetPassword.done', { name: user.displayName }));
      setOpen(false);
    },
    onError: (err) => setOther(applyProblemToForm(form, err, t)),
  });
  return (
    <>
      <Button size="small" type="link" onClick={() => setOpen(true)}>
        {t('users.resetPassword')}
      </Button>
      <Modal
        open={open}
        title={`${t('users.resetPassword')} · ${user.displayName}`}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={reset.isPending}
        destroyOnHidden
      >
        {reset.error && <ProblemAlert error={reset.error} issues={other} />}
        <Form form={form} layout="vertical" onFinish={(v) => reset.mutate(v)}>
          <Form.Item
            name="password"
            label={t('account.newPassword')}
            extra={t('account.newPassword.help')}
            rules={[{ required: true, message: t('error.field.required') }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function StatusAction({ user }: { user: User }) {
  const api = useApi();
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const disable = user.status === 'active';
  const change = useMutation({
    mutationFn: () => api.post<User>('identity', `/v1/users/${user.id}/${disable ? 'disable' : 'enable'}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['identity', '/v1/users'] }),
    onError: (err) => message.error((err as Error).message),
  });
  if (!disable)
    return (
      <Button size="small" type="link" onClick={() => change.mutate()} loading={change.isPending}>
        {t('users.enable')}
      </Button>
    );
  return (
    <Popconfirm
      title={t('users.disable.confirm', { name: user.displayName })}
      onConfirm={() => change.mutateAsync()}
      okButtonProps={{ danger: true }}
    >
      <Button size="small" type="link" danger loading={change.isPending}>
        {t('users.disable')}
      </Button>
    </Popconfirm>
  );
}

export default function UsersPage() {
  const t = useT();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<string | undefined>();
  const [editing, setEditing] = useState<User | null | undefined>(undefined);
  const list = useCursorList<User>('identity', '/v1/users', { q: q || undefined, role });
  const tree = useTerritoryTree();
  const names = useMemo(() => indexTree(tree.data ?? []), [tree.data]);
  const roleOptions = useRoleOptions();

  const scopeText = (scope: DataScope) => {
    const parts: string[] = [];
    for (const key of ['streets', 'communities', 'grids', 'compounds'] as const)
      for (const id of scope?.[key] ?? [])
        parts.push(names.get(id)?.node.name ?? `${t(`scope.${key}`)}…${id.slice(0, 4)}`);
    for (const key of ['branches', 'workUnits', 'propertyCompanies'] as const)
      if (scope?.[key]?.length) parts.push(`${t(`scope.${key}`)} ${scope[key]!.length}`);
    return parts.length ? parts.join('、') : t('home.scope.all');
  };

  return (
    <PageContainer
      title={t('users.title')}
      subtitle={t('users.subtitle')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
          {t('users.create')}
        </Button>
      }
    >
      <Card>
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search allowClear placeholder={t('users.search')} onSearch={setQ} style={{ width: 220 }} />
          <Select
            allowClear
            placeholder={t('users.roles')}
            value={role}
            onChange={setRole}
            options={roleOptions}
            style={{ width: 160 }}
          />
        </Space>
        {list.query.error ? (
          <ErrorState error={list.query.error} onRetry={() => list.query.refetch()} />
        ) : (
          <Table<User>
            rowKey="id"
            loading={list.query.isFetching}
            dataSource={list.items}
            pagination={false}
            scroll={{ x: true }}
            locale={{ emptyText: <EmptyState description={t('users.empty')} /> }}
            columns={[
              {
                title: t('users.displayName'),
                dataIndex: 'displayName',
                render: (name: string, u) => (
                  <div>
                    <Typography.Text strong>{name}</Typography.Text>
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {u.username}
                      </Typography.Text>
                    </div>
                  </div>
                ),
              },
              {
                title: t('users.roles'),
                dataIndex: 'roles',
                render: (roles: string[]) => (
                  <Space size={[4, 4]} wrap>
                    {roles.map((r) => (
                      <Tag key={r} color="red">
                        {t(`role.${r}` as never)}
                      </Tag>
                    ))}
                  </Space>
                ),
              },
              { title: t('users.scope'), dataIndex: 'scope', render: scopeText, responsive: ['md'] },
              {
                title: t('table.status'),
                dataIndex: 'status',
                render: (s: User['status']) =>
                  s === 'active' ? (
                    <Tag color="green">{t('users.status.active')}</Tag>
                  ) : (
                    <Tag>{t('users.status.disabled')}</Tag>
                  ),
              },
              {
                title: t('users.lastLogin'),
                dataIndex: 'lastLoginAt',
                render: formatDateTime,
                responsive: ['lg'],
              },
              {
                title: t('table.actions'),
                key: 'actions',
                render: (_, u) => (
                  <Space size={0} wrap>
                    <Button size="small" type="link" onClick={() => setEditing(u)}>
                      {t('action.edit')}
                    </Button>
                    <ResetPassword user={u} />
                    <StatusAction user={u} />
                  </Space>
                ),
              },
            ]}
          />
        )}
        <CursorPager
          page={list.page}
          hasPrev={list.hasPrev}
          hasNext={list.hasNext}
          onPrev={list.prev}
          onNext={list.next}
          loading={list.query.isFetching}
        />
      </Card>
      <UserDrawer
        key={editing?.id ?? 'new'}
        user={editing ?? null}
        open={editing !== undefined}
        onClose={() => setEditing(undefined)}
      />
    </PageContainer>
  );
}
