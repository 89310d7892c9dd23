import { describe, expect, it } from 'vitest'
import { devServerUrl, isOwnRendererUrl, rendererUrl } from './renderer-location'

describe('renderer location', () => {
  it('loads the built UI from the app scheme, or the dev server when one is given', () => {
    expect(rendererUrl(undefined)).toBe('app://renderer/index.html')
    expect(rendererUrl('http://localhost:5173/')).toBe('http://localhost:5173/')
  })

  it('honours ELECTRON_RENDERER_URL only in an app that is not packaged', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://evil.example/' }
    expect(devServerUrl(env, true)).toBeUndefined()
    expect(rendererUrl(devServerUrl(env, true))).toBe('app://renderer/index.html')
    expect(isOwnRendererUrl('http://evil.example/', devServerUrl(env, true))).toBe(false)
    expect(devServerUrl(env, false)).toBe('http://evil.example/')
    expect(devServerUrl({}, false)).toBeUndefined()
    expect(devServerUrl({ ELECTRON_RENDERER_URL: '' }, false)).toBeUndefined()
  })

  it('recognises only its own UI as its own', () => {
    expect(isOwnRendererUrl('app://renderer/index.html', undefined)).toBe(true)
    expect(isOwnRendererUrl('app://renderer/assets/x.js#y', undefined)).toBe(true)
    for (const other of [
      'app://other/index.html',
      'file:///work/out/renderer/index.html',
      'https://renderer/index.html',
      'javascript:alert(1)',
      'not a url',
      ''
    ]) {
      expect(isOwnRendererUrl(other, undefined)).toBe(false)
    }
    expect(isOwnRendererUrl('http://localhost:5173/src/main.tsx', 'http://localhost:5173/')).toBe(true)
    expect(isOwnRendererUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false)
    expect(isOwnRendererUrl('app://renderer/index.html', 'http://localhost:5173/')).toBe(false)
  })
})
