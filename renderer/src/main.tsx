import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectBackend } from './api/backend';
import { App } from './App';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
createRoot(root).render(
  <StrictMode>
    <App backend={connectBackend()} />
  </StrictMode>,
);
