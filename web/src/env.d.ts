declare module '*.css';
declare module '@kusto/monaco-kusto/release/esm/monaco.contribution.js';
declare module 'monaco-editor/esm/vs/editor/edcore.main.js' { export * from 'monaco-editor/esm/vs/editor/editor.api.js'; }
