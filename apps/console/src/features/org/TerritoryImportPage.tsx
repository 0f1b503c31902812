import { CsvImport } from '../../components/csv/CsvImport';
import { PageContainer } from '../../components/PageContainer';
import { useT } from '../../i18n';

/** org's territory import columns (apps/org territory-import.ts). */
export const TERRITORY_COLUMNS = {
  street: ['street', '街道'],
  community: ['community', '社区'],
  grid: ['grid', '网格'],
  compound: ['compound', '小区'],
  address: ['address', '地址'],
  lat: ['lat', '纬度'],
  lng: ['lng', '经度'],
  householdCount: ['households', '户数'],
  buildingCount: ['buildings', '楼栋数'],
  propertyCompany: ['property_company', '物业公司'],
};

interface ImportResult {
  rows: number;
  created: { streets: number; communities: number; grids: number; compounds: number };
}

export default function TerritoryImportPage() {
  const t = useT();
  return (
    <PageContainer
      title={t('org.import.title')}
      subtitle={t('org.import.subtitle')}
      crumbs={[{ title: t('org.tree.title'), to: '/org/tree' }, { title: t('org.import.title') }]}
    >
      <CsvImport<ImportResult>
        service="org"
        path="/v1/territory/import"
        columns={TERRITORY_COLUMNS}
        optional={['address', 'lat', 'lng', 'householdCount', 'buildingCount', 'propertyCompany']}
        template={{
          filename: '小区名单模板.csv',
          rows: [
            ['街道', '社区', '网格', '小区', '地址', '纬度', '经度', '户数', '楼栋数', '物业公司'],
            [
              '古槐街道',
              '运河社区',
              '一网格',
              '幸福里小区',
              '古槐路 12 号',
              '35.41',
              '116.59',
              '320',
              '8',
              '红帆物业',
            ],
          ],
        }}
        renderDone={(r) => t('org.import.done', { rows: r.rows, ...r.created })}
      />
    </PageContainer>
  );
}
