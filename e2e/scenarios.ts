import { expect, type Page } from '@playwright/test'

/** Counts rendered event rows of one type (the table is virtualized: keep counts small). */
export function eventRows(page: Page, type: string) {
  return page.locator(`.row[data-kind="event"][data-type="${type}"]`)
}

/**
 * The foundation scenario, the same in browser mode and in the desktop app: the embedded
 * demo stream arrives live, Disconnect stops it, Connect brings it back.
 */
export async function liveStreamScenario(page: Page, afterLive?: () => Promise<void>): Promise<void> {
  const state = page.getByTestId('connection-state')
  await expect(eventRows(page, 'connecttime')).toHaveCount(1)
  await expect(state).toHaveAttribute('data-state', 'open')
  await expect.poll(() => eventRows(page, 'message').count()).toBeGreaterThanOrEqual(2)
  await expect(page.locator('.row[data-kind="open"]')).toHaveCount(1)
  await expect(page.locator('.row[data-kind="retry"]')).toContainText('10 s')
  await afterLive?.()

  await page.getByRole('button', { name: 'Disconnect' }).click()
  await expect(state).toHaveAttribute('data-state', 'closed')
  await expect(page.locator('.row[data-kind="close"]')).toContainText('Closed by the user')
  await expect(page.getByTestId('server-clients')).toHaveText('0')

  await page.getByRole('button', { name: 'Connect', exact: true }).click()
  await expect(eventRows(page, 'connecttime')).toHaveCount(2)
  await expect(state).toHaveAttribute('data-state', 'open')
  await expect(page.getByTestId('server-clients')).toHaveText('1')
}
