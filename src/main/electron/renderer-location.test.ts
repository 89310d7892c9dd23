import { describe, expect, it } from 'vitest'
import { isOwnRendererUrl, rendererUrl } from './renderer-location'

describe('renderer location', () => {
  it('loads the built UI from the app scheme, or the dev server when one is given', () => {
    expect(rendererUrl(undefined)).toBe('app://renderer/index.html')
    expect(rendererUrl('http://localhost:5173/')).toBe('http://localhost:5173/')
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
