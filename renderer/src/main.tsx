import './zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { installPreviewBridge } from './bridge/preview';
import './styles/app.css';

// In Electron the preload has already set window.certdesk; in a browser this installs the preview's.
installPreviewBridge();

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
