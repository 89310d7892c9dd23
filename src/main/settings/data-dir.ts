import { homedir } from 'node:os'
import { join } from 'node:path'

/** Where the CLI and browser mode keep settings; Electron uses its own userData instead. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['SSE_INSPECTOR_DATA_DIR']) return env['SSE_INSPECTOR_DATA_DIR']
  if (process.platform === 'win32' && env['APPDATA']) return join(env['APPDATA'], 'sse-inspector')
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'sse-inspector')
  return join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'sse-inspector')
}
