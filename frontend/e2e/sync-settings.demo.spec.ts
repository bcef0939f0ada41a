import { expect, test, type Page } from '@playwright/test';
import { openDemo, pickOption } from './helpers';

// Runs against the demo server (project "demo"): the demo's Feishu corp has
// a sync profile. The test leaves the profile's field mapping and resource
// acceptor as it found them, so the demo's other specs see the demo's.

// A step that cannot happen fails on its own, not as the test's timeout.
test.use({ actionTimeout: 20_000 });

type FieldMap = { from: string; to: string; direction: string };
type Profile = { id: string; resourceAcceptor: string; resourceAcceptorUserID: string | null; fieldMapping: FieldMap[] | null };

async function gql(page: Page, tenant: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await page.request.post('/query', { data: { query, variables }, headers: { 'X-Imbridge-Tenant': tenant } });
  const body = await res.json();
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data;
}

/** The sync profile of the demo's Feishu corp, as stored. */
async function feishuProfile(page: Page, tenant: string): Promise<Profile> {
  const data = await gql(
    page,
    tenant,
    `{ syncProfiles(first: 20) { edges { node { id resourceAcceptor resourceAcceptorUserID
       fieldMapping { from to direction } corp { platform } } } } }`,
  );
  const nodes: (Profile & { corp: { platform: string } })[] = data.syncProfiles.edges.map((e: { node: Profile & { corp: { platform: string } } }) => e.node);
  const p = nodes.find((n) => n.corp.platform === 'feishu');
  expect(p, 'the demo has a Feishu sync profile').toBeTruthy();
  return p!;
}

test('sync settings: the field mapping card saves a custom attribute row and names a refused one; the resource acceptor names a receiver who is no user, then the leader', async ({
  page,
}) => {
  test.setTimeout(180_000); // the demo server is busy with its story while it starts
  const tenant = await openDemo(page);
  const before = await feishuProfile(page, tenant);
  try {
    await page.locator('a[href="/sync"]').click();
    await page.getByRole('tab', { name: 'Settings' }).click();

    // Field mapping: a custom attribute row is added, typed and saved.
    const card = page.getByTestId('field-map');
    await expect(card).toBeVisible();
    const rows = before.fieldMapping?.length ?? 0;
    await card.getByTestId('field-map-add').click();
    await card.getByTestId(`field-map-from-${rows}`).locator('input').fill('attribute:工位');
    await card.getByTestId(`field-map-to-${rows}`).locator('input').fill('attribute:C-desk');
    await page.keyboard.press('Tab'); // leave the field, closing its suggestions
    await card.getByTestId(`field-map-row-${rows}`).getByTitle('Both ways').click(); // the new row's direction
    await pickOption(page, 'OA → Feishu');
    await card.getByTestId('save-field-map').click();
    await expect(page.getByText('Sync settings saved')).toBeVisible();
    await expect
      .poll(async () => (await feishuProfile(page, tenant)).fieldMapping ?? [])
      .toContainEqual({ from: 'attribute:工位', to: 'attribute:C-desk', direction: 'oa_to_im' });

    // A field no one has is refused with the rule, and nothing is saved.
    await card.getByTestId('field-map-add').click();
    await card.getByTestId(`field-map-from-${rows + 1}`).locator('input').fill('birthday');
    await card.getByTestId(`field-map-to-${rows + 1}`).locator('input').fill('title');
    await page.keyboard.press('Tab');
    await card.getByTestId('save-field-map').click();
    await expect(page.getByText(/must be name, mobile, email, employee_no, title, gender or attribute:<name>/)).toBeVisible();
    expect((await feishuProfile(page, tenant)).fieldMapping ?? []).not.toContainEqual(expect.objectContaining({ from: 'birthday' }));

    // Resource acceptor: a named receiver must be a user of the corp's
    // Feishu directory; the error is on the field and nothing is saved.
    const basic = page.getByTestId('panel-basic');
    await basic.getByText('A named Feishu user', { exact: true }).click();
    await page.getByTestId('setting-acceptor-user').fill('no-such-user');
    await page.getByTestId('save-sync-settings').click();
    await expect(basic.getByText(/"no-such-user" is no user of this corp's Feishu directory/)).toBeVisible();
    expect((await feishuProfile(page, tenant)).resourceAcceptorUserID).toBe(before.resourceAcceptorUserID);

    // The leader instead: saved, and shown again after a reload.
    await basic.getByText('Their direct leader', { exact: true }).click();
    await expect(page.getByTestId('setting-acceptor-user')).toBeHidden();
    await page.getByTestId('save-sync-settings').click();
    await expect(page.getByText('Sync settings saved').first()).toBeVisible();
    await expect.poll(async () => (await feishuProfile(page, tenant)).resourceAcceptor).toBe('leader');
    await page.reload();
    await page.getByRole('tab', { name: 'Settings' }).click();
    await expect(page.getByTestId('panel-basic').getByRole('radio', { name: 'Their direct leader' })).toBeChecked();
    await expect(page.getByTestId('field-map').getByTestId(`field-map-from-${rows}`).locator('input')).toHaveValue('attribute:工位');
  } finally {
    // Put the demo's profile back.
    await gql(page, tenant, 'mutation($id: ID!, $m: [FieldMapInput!]!) { setSyncFieldMapping(profileID: $id, mapping: $m) { id } }', {
      id: before.id,
      m: before.fieldMapping ?? [],
    });
    await gql(page, tenant, 'mutation($id: ID!, $in: UpdateSyncProfileInput!) { updateSyncProfile(id: $id, input: $in) { id } }', {
      id: before.id,
      in: {
        resourceAcceptor: before.resourceAcceptor,
        ...(before.resourceAcceptorUserID ? { resourceAcceptorUserID: before.resourceAcceptorUserID } : { clearResourceAcceptorUserID: true }),
      },
    });
  }
});
