import { CsvImport } from '../../components/csv/CsvImport';
import { PageContainer } from '../../components/PageContainer';
import { useT } from '../../i18n';
import { MEMBER_COLUMNS, MEMBER_OPTIONAL } from './types';

interface ImportResult {
  rows: number;
  created: { members: number; buildings: number; households: number };
  compounds: number;
}

export default function MemberImportPage() {
  const t = useT();
  return (
    <PageContainer
      title={t('members.import.title')}
      subtitle={t('members.import.subtitle')}
      crumbs={[{ title: t('members.title'), to: '/org/members' }, { title: t('members.import.title') }]}
    >
      <CsvImport<ImportResult>
        service="org"
        path="/v1/members/import"
        columns={MEMBER_COLUMNS}
        optional={MEMBER_OPTIONAL}
        template={{
          filename: '党员名册模板.csv',
          rows: [
            [
              '姓名',
              '性别',
              '出生年份',
              '手机号',
              '街道',
              '社区',
              '小区',
              '楼栋',
              '房号',
              '党员类别',
              '管理方式',
              '组织关系所在单位',
              '是否业主',
              '入党日期',
            ],
            [
              '张红',
              '女',
              '1975',
              '13800000001',
              '古槐街道',
              '运河社区',
              '幸福里小区',
              '1号楼',
              '2单元301',
              '正式党员',
              '自管',
              '',
              '是',
              '2001-07-01',
            ],
            [
              '李军',
              '男',
              '1980',
              '13800000002',
              '古槐街道',
              '运河社区',
              '幸福里小区',
              '2号楼',
              '1单元101',
              '正式党员',
              '非自管',
              '济宁市第一中学',
              '否',
              '2005-06-15',
            ],
          ],
        }}
        renderDone={(r) =>
          t('members.import.done', {
            rows: r.rows,
            members: r.created.members,
            buildings: r.created.buildings,
            households: r.created.households,
            compounds: r.compounds,
          })
        }
      />
    </PageContainer>
  );
}
