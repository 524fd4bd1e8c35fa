// Sandboxed preload (contextIsolation + sandbox): exposes exactly the two objects of shared/bridge.ts.
// `window.certdesk` has one named function per operation of shared/api.ts; `window.certdeskHost` carries
// file-open and menu events. ipcRenderer itself is never exposed. Bundled by scripts/build-electron.mjs
// (a sandboxed preload can require nothing but 'electron').
import { contextBridge, ipcRenderer } from 'electron';
import { createCertDeskApi, createHostBridge } from './renderer-bridge';

contextBridge.exposeInMainWorld('certdesk', createCertDeskApi(ipcRenderer));
contextBridge.exposeInMainWorld('certdeskHost', createHostBridge(ipcRenderer));
