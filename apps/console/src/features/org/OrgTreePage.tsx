import {
  ApartmentOutlined,
  CheckCircleFilled,
  ExclamationCircleFilled,
  HomeOutlined,
  PlusOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Drawer,
  Flex,
  Grid,
  Input,
  Popconfirm,
  Row,
  Segmented,
  Space,
  Tag,
  Tree,
  Typography,
} from 'antd';
import type { DataNode, EventDataNode } from 'antd/es/tree';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useHasRoute } from '../../api/capabilities';
import type { Page } from '../../api/client';
import { useApi, useMe } from '../../auth/AuthProvider';
import { can } from '../../auth/access';
import { PageContainer } from '../../components/PageContainer';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { type MessageKey, useT } from '../../i18n';
import { Highlight } from './Highlight';
import { TerritoryFormModal, type TerritoryFormTarget } from './TerritoryFormModal';
import { type Building, LEVEL_API } from './territory';
import { CHILD_KIND, filterTree, indexTree, type TreeNode, useTerritoryTree } from './tree';

const KIND_COLOR: Record<string, string> = {
  street: 'red',
  community: 'volcano',
  grid: 'gold',
  compound: 'blue',
  building: 'default',
};

export interface PartyTreeNode {
  id: string;
  level: string;
  levelName: string;
  name: string;
  compoundIds: string[];
  children: PartyTreeNode[];
}

function TerritoryPanel({ onSelect }: { onSelect: (node: TreeNode, path: TreeNode[]) => void }) {
  const t = useT();
  const me = useMe();
  const api = useApi();
  const navigate = useNavigate();
  const tree = useTerritoryTree();
  const [query, setQuery] = useState('');
  const [expanded, setExpanded] = useState<string[] | null>(null);
  const [buildings, setBuildings] = useState<Record<string, TreeNode[]>>({});
  const [creating, setCreating] = useState<TerritoryFormTarget | null>(null);

  const withBuildings = useMemo(() => {
    const attach = (nodes: TreeNode[]): TreeNode[] =>
      nodes.map((n) =>
        n.kind === 'compound'
          ? { ...n, children: buildings[n.id] }
          : { ...n, children: n.children ? attach(n.children) : n.children },
      );
    return attach(tree.data ?? []);
  }, [tree.data, buildings]);
  const filtered = useMemo(() => filterTree(withBuildings, query), [withBuildings, query]);
  const index = useMemo(() => indexTree(withBuildings), [withBuildings]);

  const toData = (nodes: TreeNode[]): DataNode[] =>
    nodes.map((n) => ({
      key: n.id,
      isLeaf: n.kind === 'building',
      title: (
        <span data-kind={n.kind}>
          <Tag color={KIND_COLOR[n.kind]} style={{ marginInlineEnd: 6 }}>
            {t(`level.${n.kind}` as MessageKey)}
          </Tag>
          <span className="tree-name">
            <Highlight text={n.name} query={query} />
          </span>
          {n.kind === 'compound' &&
            (n.covered ? (
              <CheckCircleFilled
                style={{ color: '#52c41a', marginInlineStart: 6 }}
                aria-label={t('org.tree.covered')}
              />
            ) : (
              <ExclamationCircleFilled
                style={{ color: '#faad14', marginInlineStart: 6 }}
                aria-label={t('org.tree.uncovered')}
              />
            ))}
        </span>
      ),
      children: n.children ? toData(n.children) : undefined,
    }));

  const loadData = async (node: EventDataNode<DataNode>) => {
    const id = String(node.key);
    const entry = index.get(id);
    if (!entry || entry.node.kind !== 'compound' || buildings[id]) return;
    const page = await api.get<Page<Building>>('org', '/v1/buildings', { compoundId: id, limit: 100 });
    setBuildings((b) => ({
      ...b,
      [id]: page.items.map((x) => ({ id: x.id, name: x.name, kind: 'building' as const })),
    }));
  };

  // A small district opens down to its compounds; a large one shows its streets first.
  const defaultExpanded = useMemo(() => {
    const streets = tree.data ?? [];
    const units = [...index.values()].filter((e) => e.node.kind !== 'compound' && e.node.kind !== 'building');
    return units.length <= 60 ? units.map((e) => e.node.id) : streets.map((s) => s.id);
  }, [tree.data, index]);
  const expandedKeys = query ? filtered.expand : (expanded ?? defaultExpanded);
  return (
    <Card
      title={
        <Space>
          <HomeOutlined />
          {t('org.tree.territory')}
        </Space>
      }
      extra={
        can.treeWrite(me) && (
          <Space size={4} wrap>
            <Button size="small" icon={<UploadOutlined />} onClick={() => navigate('/org/import')}>
              <span className="hide-on-phone">{t('org.tree.import')}</span>
            </Button>
            <Button
              size="small"
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating({ kind: 'street', mode: 'create' })}
            >
              {t('org.tree.newStreet')}
            </Button>
          </Space>
        )
      }
      className="tree-panel"
      styles={{ body: { padding: 12 } }}
    >
      <Input.Search
        allowClear
        placeholder={t('org.tree.search')}
        onChange={(e) => setQuery(e.target.value)}
        style={{ marginBottom: 8 }}
        aria-label={t('org.tree.search')}
      />
      {query && (
        <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8, fontSize: 12 }}>
          {filtered.matches
            ? t('org.tree.matches', { n: filtered.matches })
            : t('org.tree.noMatch', { q: query })}
        </Typography.Text>
      )}
      {tree.isPending ? (
        <Loading />
      ) : tree.error ? (
        <ErrorState error={tree.error} onRetry={() => tree.refetch()} />
      ) : (tree.data ?? []).length === 0 ? (
        <EmptyState description={t('org.tree.empty')} />
      ) : (
        <div style={{ maxHeight: '70vh', overflow: 'auto' }}>
          <Tree
            blockNode
            showLine
            treeData={toData(filtered.nodes)}
            expandedKeys={expandedKeys}
            onExpand={(keys) => setExpanded(keys.map(String))}
            loadData={loadData}
            onSelect={(_, info) => {
              const entry = index.get(String(info.node.key));
              if (entry) onSelect(entry.node, entry.path);
            }}
            aria-label={t('org.tree.territory')}
          />
        </div>
      )}
      <TerritoryFormModal target={creating} onClose={() => setCreating(null)} />
    </Card>
  );
}

/** The Party tree in the territory tree's shape, so one search serves both. */
const asTerritory = (nodes: PartyTreeNode[]): TreeNode[] =>
  nodes.map((n) => ({ id: n.id, name: n.name, kind: 'street', children: asTerritory(n.children) }));

export function PartyPanel() {
  const t = useT();
  const api = useApi();
  const navigate = useNavigate();
  const live = useHasRoute('org', 'get', '/v1/party-orgs/tree');
  const [query, setQuery] = useState('');
  // Everything open until the user folds something (the Party tree is five levels at most).
  const [expanded, setExpanded] = useState<string[] | null>(null);
  const tree = useQuery({
    queryKey: ['org', 'party-tree'],
    queryFn: () => api.get<{ roots: PartyTreeNode[] }>('org', '/v1/party-orgs/tree'),
    enabled: live === true,
  });
  const byId = useMemo(() => {
    const m = new Map<string, PartyTreeNode>();
    const walk = (ns: PartyTreeNode[]) => {
      for (const n of ns) {
        m.set(n.id, n);
        walk(n.children);
      }
    };
    walk(tree.data?.roots ?? []);
    return m;
  }, [tree.data]);
  const filtered = useMemo(() => filterTree(asTerritory(tree.data?.roots ?? []), query), [tree.data, query]);
  const toData = (nodes: TreeNode[]): DataNode[] =>
    nodes.map((n) => {
      const p = byId.get(n.id)!;
      return {
        key: n.id,
        title: (
          <span>
            <Tag color="red" style={{ marginInlineEnd: 6 }}>
              {p.levelName}
            </Tag>
            <span className="tree-name">
              <Highlight text={n.name} query={query} />
            </span>
            {p.compoundIds.length > 1 && (
              <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
                {t('org.tree.compounds')} {p.compoundIds.length}
              </Typography.Text>
            )}
          </span>
        ),
        children: n.children?.length ? toData(n.children) : undefined,
      };
    });
  return (
    <Card
      title={
        <Space>
          <ApartmentOutlined />
          {t('org.tree.party')}
        </Space>
      }
      className="tree-panel"
      styles={{ body: { padding: 12 } }}
    >
      {live === false ? (
        <EmptyState description={t('state.notBuilt')} />
      ) : live === undefined || tree.isPending ? (
        <Loading />
      ) : tree.error ? (
        <ErrorState error={tree.error} onRetry={() => tree.refetch()} />
      ) : (tree.data?.roots ?? []).length === 0 ? (
        <EmptyState description={t('org.tree.partyEmpty')} />
      ) : (
        <>
          <Input.Search
            allowClear
            placeholder={t('org.tree.search')}
            onChange={(e) => setQuery(e.target.value)}
            style={{ marginBottom: 8 }}
          />
          <div style={{ maxHeight: '70vh', overflow: 'auto' }}>
            <Tree
              blockNode
              showLine
              expandedKeys={query ? filtered.expand : (expanded ?? [...byId.keys()])}
              onExpand={(keys) => setExpanded(keys.map(String))}
              treeData={toData(filtered.nodes)}
              onSelect={(_, info) => {
                const p = byId.get(String(info.node.key));
                if (p?.compoundIds.length === 1) navigate(`/org/compounds/${p.compoundIds[0]}`);
              }}
            />
          </div>
        </>
      )}
    </Card>
  );
}

interface Selected {
  node: TreeNode;
  path: TreeNode[];
}

function NodeDrawer({ selected, onClose }: { selected: Selected | null; onClose: () => void }) {
  const t = useT();
  const me = useMe();
  const api = useApi();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const screens = Grid.useBreakpoint();
  const [form, setForm] = useState<TerritoryFormTarget | null>(null);
  const partyLive = useHasRoute('org', 'post', '/v1/party-orgs');
  const node = selected?.node;
  const level = node ? LEVEL_API[node.kind] : undefined;
  const detail = useQuery({
    queryKey: ['org', level?.path, 'one', node?.id],
    queryFn: () => api.get<Record<string, unknown>>('org', `${level!.path}/${node!.id}`),
    enabled: !!node,
  });
  const archive = useMutation({
    mutationFn: () => api.post('org', `${level!.path}/${node!.id}/archive`),
    onSuccess: () => {
      message.success(t('org.tree.archived'));
      queryClient.invalidateQueries({ queryKey: ['org'] });
      onClose();
    },
    onError: (err) => message.error((err as Error).message),
  });
  const committeeLevel =
    node?.kind === 'street' ? 'street-committee' : node?.kind === 'community' ? 'community-committee' : null;
  const unitField = node?.kind === 'street' ? 'streetId' : 'communityId';
  const committee = useQuery({
    queryKey: ['org', '/v1/party-orgs', committeeLevel, node?.id],
    queryFn: () =>
      api.get<Page<{ id: string; name: string; levelName: string }>>('org', '/v1/party-orgs', {
        level: committeeLevel,
        [unitField]: node!.id,
        limit: 1,
      }),
    enabled: !!committeeLevel && partyLive === true,
  });
  const formCommittee = useMutation({
    mutationFn: () => api.post('org', '/v1/party-orgs', { level: committeeLevel, [unitField]: node!.id }),
    onSuccess: () => {
      message.success(t('state.created'));
      queryClient.invalidateQueries({ queryKey: ['org'] });
    },
    onError: (err) => message.error((err as Error).message),
  });
  if (!node) return null;
  const child = CHILD_KIND[node.kind];
  const writable = can.treeWrite(me);
  const d = detail.data ?? {};
  return (
    <Drawer
      open
      onClose={onClose}
      size={screens.md ? 420 : '100%'}
      title={
        <Space>
          <Tag color={KIND_COLOR[node.kind]}>{t(`level.${node.kind}` as MessageKey)}</Tag>
          {node.name}
        </Space>
      }
    >
      {selected.path.length > 0 && (
        <Typography.Paragraph type="secondary">
          {selected.path.map((p) => p.name).join(' / ')}
        </Typography.Paragraph>
      )}
      {detail.isPending ? (
        <Loading rows={2} />
      ) : detail.error ? (
        <ErrorState error={detail.error} onRetry={() => detail.refetch()} />
      ) : (
        <Descriptions column={1} size="small" style={{ marginBottom: 16 }}>
          {(
            [
              'code',
              'address',
              'householdCount',
              'buildingCount',
              'propertyCompany',
              'unitCount',
              'floorCount',
            ] as const
          )
            .filter((f) => d[f] !== undefined)
            .map((f) => (
              <Descriptions.Item key={f} label={t(`org.field.${f}` as MessageKey)}>
                {d[f] === null ? '—' : String(d[f])}
              </Descriptions.Item>
            ))}
          {node.kind === 'compound' && (
            <Descriptions.Item label={t('compound.current')}>
              {d.branchFormName ? (
                <Tag color="green">{String(d.branchFormName)}</Tag>
              ) : (
                <Tag color="warning">{t('compound.noBranch')}</Tag>
              )}
            </Descriptions.Item>
          )}
          {node.children && (
            <Descriptions.Item label={t('org.tree.below')}>
              {t('org.tree.children', { n: node.children.length })}
            </Descriptions.Item>
          )}
          {committeeLevel && committee.data && (
            <Descriptions.Item label={t('org.tree.party')}>
              {committee.data.items[0] ? (
                <Tag color="red">{committee.data.items[0].name}</Tag>
              ) : writable ? (
                <Button
                  size="small"
                  loading={formCommittee.isPending}
                  onClick={() => formCommittee.mutate()}
                  data-testid="form-committee"
                >
                  {t(
                    committeeLevel === 'street-committee'
                      ? 'org.tree.formStreetCommittee'
                      : 'org.tree.formCommunityCommittee',
                  )}
                </Button>
              ) : (
                t('state.none')
              )}
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
      <Flex gap={8} wrap>
        {node.kind === 'compound' && (
          <Link to={`/org/compounds/${node.id}`}>
            <Button type="primary">{t('org.tree.openCompound')}</Button>
          </Link>
        )}
        {writable && child && (
          <Button
            icon={<PlusOutlined />}
            onClick={() => setForm({ kind: child, mode: 'create', parentId: node.id, parentName: node.name })}
          >
            {t('org.tree.addChild', { kind: t(`level.${child}` as MessageKey) })}
          </Button>
        )}
        {writable && (
          <Button
            onClick={() => setForm({ kind: node.kind, mode: 'update', id: node.id, initial: detail.data })}
            disabled={!detail.data}
          >
            {t('action.edit')}
          </Button>
        )}
        {writable && (
          <Popconfirm
            title={t('org.tree.archive.confirm', { name: node.name })}
            onConfirm={() => archive.mutateAsync()}
            okButtonProps={{ danger: true }}
          >
            <Button danger loading={archive.isPending}>
              {t('action.archive')}
            </Button>
          </Popconfirm>
        )}
      </Flex>
      <TerritoryFormModal target={form} onClose={() => setForm(null)} />
    </Drawer>
  );
}

export default function OrgTreePage() {
  const t = useT();
  const screens = Grid.useBreakpoint();
  const [selected, setSelected] = useState<Selected | null>(null);
  const [panel, setPanel] = useState<'territory' | 'party'>('territory');
  const phone = !screens.md;
  return (
    <PageContainer title={t('org.tree.title')} subtitle={t('org.tree.subtitle')}>
      {phone && (
        <Segmented
          block
          value={panel}
          onChange={(v) => setPanel(v as 'territory' | 'party')}
          options={[
            { value: 'territory', label: t('org.tree.territory') },
            { value: 'party', label: t('org.tree.party') },
          ]}
          style={{ marginBottom: 12 }}
        />
      )}
      <Row gutter={[16, 16]}>
        {(!phone || panel === 'territory') && (
          <Col xs={24} md={12}>
            <TerritoryPanel onSelect={(node, path) => setSelected({ node, path })} />
          </Col>
        )}
        {(!phone || panel === 'party') && (
          <Col xs={24} md={12}>
            <PartyPanel />
          </Col>
        )}
      </Row>
      <NodeDrawer key={selected?.node.id} selected={selected} onClose={() => setSelected(null)} />
    </PageContainer>
  );
}
