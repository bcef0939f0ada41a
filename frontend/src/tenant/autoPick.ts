// A super admin who has not picked a tenant is put in one when the answer
// is clear: the link names it (?tenant=), there is only one tenant, or the
// link names an object (a corp) whose tenant can be looked up. Deep links
// then work without a trip to the tenant switcher.

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T | null> {
  const res = await fetch('/query', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  if (!res.ok) return null;
  const body = (await res.json()) as { data?: T };
  return body.data ?? null;
}

/** The tenant a super admin's link or installation implies, or null when it is a real choice. */
export async function impliedTenant(pathname: string, search: string): Promise<string | null> {
  const named = new URLSearchParams(search).get('tenant');
  if (named) return named;
  const list = await gql<{ tenants: { totalCount: number; edges: { node: { id: string } }[] } }>(
    '{ tenants(first: 2) { totalCount edges { node { id } } } }',
  );
  if (list?.tenants.totalCount === 1) return list.tenants.edges[0].node.id;
  const corp = /^\/integrations\/([^/]+)$/.exec(pathname)?.[1];
  if (corp && corp !== 'oa-webhooks') {
    const found = await gql<{ node: { tenantID?: string } | null }>('query($id: ID!) { node(id: $id) { ... on Corp { tenantID } } }', {
      id: corp,
    });
    if (found?.node?.tenantID) return found.node.tenantID;
  }
  return null;
}
