import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import { useT } from '../i18n';

export function CursorPager({
  page,
  hasPrev,
  hasNext,
  onPrev,
  onNext,
  loading,
}: {
  page: number;
  hasPrev: boolean;
  hasNext: boolean;
  onPrev: () => void;
  onNext: () => void;
  loading?: boolean;
}) {
  const t = useT();
  if (!hasPrev && !hasNext) return null;
  return (
    <Flex justify="flex-end" align="center" gap={8} style={{ marginTop: 12 }}>
      <Button icon={<LeftOutlined />} disabled={!hasPrev || loading} onClick={onPrev}>
        {t('action.prevPage')}
      </Button>
      <Typography.Text type="secondary">{page}</Typography.Text>
      <Button disabled={!hasNext || loading} onClick={onNext}>
        {t('action.nextPage')} <RightOutlined />
      </Button>
    </Flex>
  );
}
