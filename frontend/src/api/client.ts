import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange, type CombinedError } from 'urql';
import { createClient as createWSClient, CloseCode } from 'graphql-ws';

export interface ClientOptions {
  /** Global id of the tenant a super admin picked; sent with every request. */
  tenant: string | null;
  onUnauthenticated: () => void;
  /** The server says the picked tenant names none (deleted since it was picked). */
  onUnknownTenant: () => void;
  /** Errors of queries and subscriptions (mutations are handled by their forms). */
  onError: (err: CombinedError) => void;
}

export const TENANT_HEADER = 'X-Imbridge-Tenant';

function wsURL(): string {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${location.host}/query`;
}

/**
 * Builds the urql client for one (session, tenant) pair. The app recreates it
 * when the tenant changes, which also drops the cache of the previous tenant
 * and reconnects the WebSocket with the new connectionParams.
 */
export function createGraphQLClient(opts: ClientOptions): Client {
  const ws = createWSClient({
    url: wsURL(),
    lazy: true,
    // A page hands over from one subscription to the next (a list's to a
    // progress bar's) in the same moment: without a grace the socket closes
    // when the count touches zero and the next one waits for a reconnect,
    // long enough to miss a short job's progress.
    lazyCloseTimeout: 10_000,
    connectionParams: opts.tenant ? { tenant: opts.tenant } : {},
    retryAttempts: 5,
    // 4401/4403: the server refused the session; 4400: the picked tenant is
    // gone. Retrying the same parameters would loop forever.
    shouldRetry: (e) =>
      !(
        e instanceof CloseEvent &&
        (e.code === CloseCode.Unauthorized || e.code === CloseCode.Forbidden || e.code === CloseCode.BadRequest)
      ),
    on: {
      closed: (e) => {
        if (e instanceof CloseEvent && e.code === CloseCode.Unauthorized) opts.onUnauthenticated();
      },
    },
  });

  return new Client({
    url: '/query',
    // urql defaults to GET for short queries; the server's contract is POST
    // (and GET would put filters, e.g. searched names, into access logs).
    preferGetMethod: false,
    // Lists change under mutations from other admins and jobs; prefer fresh data.
    requestPolicy: 'cache-and-network',
    fetchOptions: (): RequestInit => {
      const headers: Record<string, string> = {};
      if (opts.tenant) headers[TENANT_HEADER] = opts.tenant;
      return { credentials: 'same-origin', headers };
    },
    exchanges: [
      cacheExchange,
      mapExchange({
        onError(error, operation) {
          const unauth =
            error.response?.status === 401 ||
            error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
          if (unauth) {
            opts.onUnauthenticated();
            return;
          }
          // The pick is refused before anything runs; another pick is needed.
          if (error.graphQLErrors.some((e) => e.extensions?.field === TENANT_HEADER)) {
            opts.onUnknownTenant();
            return;
          }
          // quiet: the caller handles the error itself (e.g. a deleted object's name).
          if (operation.kind !== 'mutation' && !operation.context.quiet) opts.onError(error);
        },
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
}

/**
 * The context of an operation a super admin makes across all tenants (the
 * Admins page): the session only, without the picked tenant's header.
 */
export const ALL_TENANTS = { fetchOptions: { credentials: 'same-origin' } as RequestInit };
