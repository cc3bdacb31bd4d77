/**
 * Monaco with monaco-kusto: highlighting and completion from Microsoft's Kusto language service
 * (it runs in kusto.worker.js, bundled and served by us: nothing is fetched from elsewhere), fed the
 * workspace's schema; the diagnostics shown are OUR `check`'s (POST /workbench/api/check), placed at
 * their exact offsets. monaco-kusto's own validation markers (owner `kusto`) are cleared so the
 * editor shows one verdict: the one `cloudhop check` and `cloudhop query` give.
 */
import * as monaco from 'monaco-editor/esm/vs/editor/edcore.main.js';
import '@kusto/monaco-kusto/release/esm/monaco.contribution.js';
import type { Schema } from './api.js';
import * as api from './api.js';

self.MonacoEnvironment = {
  getWorker(_id: string, label: string): Worker {
    return new Worker(label === 'kusto' ? './kusto.worker.js' : './editor.worker.js', { type: 'module', name: label });
  },
};

interface KustoApi {
  getKustoWorker(): Promise<(uri: monaco.Uri) => Promise<{ setSchema(s: unknown): Promise<void> }>>;
  kustoDefaults: { setLanguageSettings(s: Record<string, unknown>): void; languageSettings: Record<string, unknown> };
}
const kusto = (): KustoApi => (monaco.languages as unknown as { kusto: KustoApi }).kusto;

/** Text shown literally in a Markdown hover (names in messages come from the query). */
function markdownText(s: string): string { return s.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`); }

/** The schema in monaco-kusto's EngineSchema shape. */
function engineSchema(s: Schema): unknown {
  const database = {
    name: s.database, minorVersion: 0, majorVersion: 0, entityGroups: [],
    tables: s.tables.map((t) => ({ name: t.name, entityType: 'Table', columns: t.columns.map((c) => ({ name: c.name, type: c.type })) })),
    functions: s.functions.map((f) => ({ name: f.name, body: f.body, inputParameters: parseParams(f.parameters), docstring: f.docstring })),
  };
  return { clusterType: 'Engine', cluster: { connectionString: location.origin, databases: [database] }, database };
}

/** `(a:string, b:long = 3)` → monaco-kusto's input parameters (scalar ones; tabular as `*`). */
function parseParams(p: string): unknown[] {
  const inner = p.trim().replace(/^\(|\)$/g, '').trim();
  if (!inner) return [];
  return inner.split(',').map((s) => {
    const m = /^\s*([A-Za-z_][\w]*)\s*:\s*([A-Za-z]+)(?:\s*=\s*(.*))?$/.exec(s);
    return m ? { name: m[1], cslType: m[2], ...(m[3] ? { cslDefaultValue: m[3].trim() } : {}) } : { name: s.trim(), cslType: 'dynamic' };
  });
}

export interface Editor {
  readonly editor: monaco.editor.IStandaloneCodeEditor;
  setSchema(s: Schema): Promise<void>;
  /** Runs our check now and places its markers; resolves with them. */
  validate(): Promise<api.CheckDiagnostic[]>;
  /** Shows another text (a tab) in a new model; the old one is disposed a little later. */
  switchTo(text: string): void;
  dispose(): void;
}

export function createEditor(host: HTMLElement, text: string, onRun: () => void): Editor {
  kusto().kustoDefaults.setLanguageSettings({
    ...kusto().kustoDefaults.languageSettings, useIntellisenseV2: true, useSemanticColorization: true,
    includeControlCommands: true, enableHover: true, completionOptions: { includeExtendedSyntax: false },
  });
  // The worker keeps the schema we give it: it must not be shut down when idle (monaco-kusto's default: 2 minutes).
  (kusto().kustoDefaults as unknown as { setMaximumWorkerIdleTime(ms: number): void }).setMaximumWorkerIdleTime(0);
  let model = monaco.editor.createModel(text, 'kusto');
  const editor = monaco.editor.create(host, {
    model, automaticLayout: true, minimap: { enabled: false }, fontSize: 14, scrollBeyondLastLine: false,
    wordWrap: 'on', fixedOverflowWidgets: true, suggestOnTriggerCharacters: true, quickSuggestions: true,
  });
  editor.addCommand(monaco.KeyMod.Shift | monaco.KeyCode.Enter, onRun);
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, onRun);

  // Our diagnostics are decorations, not markers: monaco-kusto's validation removes every
  // decoration whose class is exactly `squiggly-error` (languageFeatures.js), which would take our
  // markers' squiggles with it; `squiggly-error cloudhop-check` keeps Monaco's look and survives.
  const decorations = editor.createDecorationsCollection();
  let pending: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const validate = async (): Promise<api.CheckDiagnostic[]> => {
    pending?.abort();
    const ac = new AbortController(); pending = ac;
    const q = model.getValue();
    let ds: api.CheckDiagnostic[];
    try { ds = await api.check(q, ac.signal); } catch (e) { if ((e as Error).name === 'AbortError') return []; throw e; }
    if (ac.signal.aborted || model.isDisposed() || model.getValue() !== q) return ds;
    decorations.set(ds.map((d) => {
      const a = model.getPositionAt(d.start), b = model.getPositionAt(d.start + Math.max(1, d.length));
      const sev = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'info';
      return {
        range: new monaco.Range(a.lineNumber, a.column, b.lineNumber, b.column),
        options: {
          className: `squiggly-${sev} cloudhop-check`, stickiness: monaco.editor.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges,
          hoverMessage: { value: markdownText(`${d.code} ${d.message} (${d.line}:${d.col})`) },
          overviewRuler: { color: sev === 'error' ? '#e51400' : sev === 'warning' ? '#bf8803' : '#1a85ff', position: monaco.editor.OverviewRulerLane.Right },
        },
      };
    }));
    host.dataset.diagnostics = String(ds.length);
    host.dataset.checked = String(model.getVersionId());
    return ds;
  };
  const sub = editor.onDidChangeModelContent(() => { if (timer) clearTimeout(timer); timer = setTimeout(() => { validate().catch(() => undefined); }, 350); });
  // A model is disposed a while after it is left: monaco-kusto's validation of it may still be in
  // flight, and it reads the model again when it returns (a disposed one throws in its code).
  const retire = (m: monaco.editor.ITextModel): void => { setTimeout(() => { if (!m.isDisposed()) m.dispose(); }, 5_000); };
  // One verdict: ours. monaco-kusto's own markers are removed as they come.
  const mk = monaco.editor.onDidChangeMarkers((uris) => {
    if (uris.some((u) => u.toString() === model.uri.toString()) && monaco.editor.getModelMarkers({ resource: model.uri, owner: 'kusto' }).length) {
      monaco.editor.setModelMarkers(model, 'kusto', []);
    }
  });
  void validate().catch(() => undefined);
  return {
    editor,
    async setSchema(s) {
      const worker = await kusto().getKustoWorker();
      const w = await worker(model.uri);
      await w.setSchema(engineSchema(s));
    },
    validate,
    switchTo(next: string) {
      const old = model;
      model = monaco.editor.createModel(next, 'kusto');
      decorations.clear();
      editor.setModel(model);
      retire(old);
      void validate().catch(() => undefined);
    },
    dispose() { if (timer) clearTimeout(timer); pending?.abort(); sub.dispose(); mk.dispose(); decorations.clear(); editor.setModel(null); editor.dispose(); retire(model); },
  };
}
