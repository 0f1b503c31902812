import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useMemo } from 'react';
import { RouterProvider } from 'react-router/dom';
import { AuthProvider } from '../auth/AuthProvider';
import { I18nProvider, useI18n } from '../i18n';
import { createQueryClient } from './queryClient';
import { createRouter } from './router';

export const theme = {
  token: { colorPrimary: '#c8161d', borderRadius: 6 },
};

function Themed() {
  const { lang } = useI18n();
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  const router = useMemo(() => createRouter(), []);
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={theme} button={{ autoInsertSpace: false }}>
      <AntApp>
        <RouterProvider router={router} />
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  const queryClient = useMemo(() => createQueryClient(), []);
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <AuthProvider>
          <Themed />
        </AuthProvider>
      </I18nProvider>
    </QueryClientProvider>
  );
}
