import './zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { connectBackend } from './api/backend';
import { BackendContext } from './app/backend-context';
import { setImportProgress } from './app/import-progress';
import { createAppRouter } from './app/routes';
import 'uplot/dist/uPlot.min.css';
import './styles/index.css';

const backend = connectBackend();
// Case data changes only when the engine says so (import, settings, another case opened): answers
// stay fresh until then, and every cached answer is dropped at that moment.
const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: Infinity, refetchOnWindowFocus: false, retry: false } },
});
backend.on('case.changed', () => void queryClient.invalidateQueries());
backend.on('import.progress', setImportProgress);

const router = createAppRouter();
const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
createRoot(root).render(
  <StrictMode>
    <BackendContext.Provider value={backend}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </BackendContext.Provider>
  </StrictMode>,
);
