/**
 * Encrypts secrets at rest with whatever the platform offers. The desktop app plugs in
 * Electron's safeStorage (the OS keychain); plain Node has nothing comparable, so there
 * secrets are simply not written.
 */
export interface SecretBox {
  readonly available: boolean
  encrypt: (plain: string) => string
  decrypt: (sealed: string) => string
}

export const NO_SECRET_BOX: SecretBox = {
  available: false,
  encrypt() {
    throw new Error('No OS keychain: secrets are not stored')
  },
  decrypt() {
    throw new Error('No OS keychain: secrets are not stored')
  }
}
