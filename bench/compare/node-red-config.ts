/**
 * Node-RED doing the job: `http in (POST /alerts) → switch (msg.payload.Severity == "High") → http request (POST to
 * the sink, keep-alive) → http response`, the other branch straight to `http response`. Plus `GET /ready` for the
 * bench to know the flows are started. The settings disable the editor and admin API, telemetry and the
 * credential-secret prompt.
 */

export function nodeRedFlow(sinkUrl: string): Record<string, unknown>[] {
  // Every flow node has a position: Node-RED takes a node without x/y for a configuration node.
  const at = (x: number, y: number) => ({ x, y });
  return [
    { id: 'bench-tab', type: 'tab', label: 'bench', disabled: false, info: '' },
    { id: 'alerts-in', type: 'http in', z: 'bench-tab', name: 'POST /alerts', url: '/alerts', method: 'post', upload: false, swaggerDoc: '', ...at(100, 100), wires: [['is-high']] },
    {
      id: 'is-high',
      type: 'switch',
      z: 'bench-tab',
      name: 'severity is High?',
      property: 'payload.Severity',
      propertyType: 'msg',
      rules: [{ t: 'eq', v: 'High', vt: 'str' }, { t: 'else' }],
      checkall: 'false',
      repair: false,
      outputs: 2,
      ...at(300, 100),
      wires: [['post-to-sink'], ['answer']],
    },
    {
      id: 'post-to-sink',
      type: 'http request',
      z: 'bench-tab',
      name: 'POST to sink',
      method: 'POST',
      ret: 'txt',
      paytoqs: 'ignore',
      url: new URL('/alerts', sinkUrl).href,
      tls: '',
      persist: true,
      proxy: '',
      insecureHTTPParser: false,
      authType: '',
      senderr: false,
      headers: [],
      ...at(500, 80),
      wires: [['answer']],
    },
    { id: 'answer', type: 'http response', z: 'bench-tab', name: 'respond', statusCode: '', headers: {}, ...at(700, 100), wires: [] },
    { id: 'ready-in', type: 'http in', z: 'bench-tab', name: 'GET /ready', url: '/ready', method: 'get', upload: false, swaggerDoc: '', ...at(100, 200), wires: [['ready-answer']] },
    { id: 'ready-answer', type: 'http response', z: 'bench-tab', name: 'respond ready', statusCode: '200', headers: {}, ...at(300, 200), wires: [] },
  ];
}

export function nodeRedSettings(port: number, userDir: string): Record<string, unknown> {
  return {
    uiHost: '127.0.0.1',
    uiPort: port,
    userDir,
    flowFile: 'flows.json',
    flowFilePretty: true,
    // No editor, no admin API: nothing to authenticate, nothing listening besides the flow's own endpoints.
    httpAdminRoot: false,
    httpNodeRoot: '/',
    // Nothing here is secret, and an unset secret would make Node-RED generate and announce one.
    credentialSecret: false,
    telemetry: { enabled: false, updateNotification: false },
    diagnostics: { enabled: false, ui: false },
    runtimeState: { enabled: false, ui: false },
    externalModules: { autoInstall: false, palette: { allowInstall: false }, modules: { allowInstall: false } },
    editorTheme: { projects: { enabled: false } },
    logging: { console: { level: 'warn', metrics: false, audit: false } },
  };
}

/** The settings file Node-RED requires (CommonJS); JSON is a valid JavaScript expression. */
export const settingsModule = (settings: Record<string, unknown>) => `module.exports = ${JSON.stringify(settings, null, 2)};\n`;
