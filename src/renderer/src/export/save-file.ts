/**
 * Hands text to the browser's download machinery: a save dialog in the desktop app, the
 * downloads folder in browser mode. No file system access is needed in the renderer.
 */
export function saveTextFile(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  document.body.append(link)
  link.click()
  link.remove()
  // The download has its own reference by now; the URL only keeps the text alive.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
