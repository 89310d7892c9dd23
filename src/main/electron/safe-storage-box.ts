import { safeStorage } from 'electron'
import type { SecretBox } from '../endpoints/secret-box'

/**
 * The OS keychain through Electron's safeStorage. On Linux without a keyring Electron falls
 * back to a hard-coded key ("basic_text"), which protects nothing, so that counts as none.
 */
export const safeStorageBox: SecretBox = {
  get available() {
    if (!safeStorage.isEncryptionAvailable()) return false
    return process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text'
  },
  encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
  decrypt: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64'))
}
