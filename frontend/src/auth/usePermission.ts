import { useQuery } from 'urql';
import { graphql } from '../gql';

const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      kind
      name
      role
      permissions
    }
  }
`);

/**
 * Whether the signed-in admin holds a permission scope (e.g.
 * "integration:write"), as the server reports it for the current tenant.
 * Used only to hide actions that would be refused; the server still decides.
 * It answers false while loading, so write actions appear once allowed
 * instead of flashing up and vanishing for read-only roles.
 */
export function usePermission(scope: string): boolean {
  return usePermissions().includes(scope);
}

const NONE: readonly string[] = [];

/** All the permission scopes the signed-in admin holds (empty while loading). */
export function usePermissions(): readonly string[] {
  const [res] = useQuery({ query: ViewerQuery, requestPolicy: 'cache-first' });
  return res.data?.viewer.permissions ?? NONE;
}
