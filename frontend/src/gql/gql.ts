/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Viewer {\n    viewer {\n      kind\n      name\n      role\n      permissions\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  query Admins($first: Int, $after: Cursor, $where: AdminWhereInput) {\n    admins(first: $first, after: $after, where: $where, orderBy: [{ field: USERNAME, direction: ASC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          username\n          displayName\n          role\n          disabled\n          lastLoginAt\n          createdAt\n          tenant {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n": typeof types.AdminsDocument,
    "\n  mutation CreateAdmin($input: CreateAdminInput!) {\n    createAdmin(input: $input) {\n      id\n    }\n  }\n": typeof types.CreateAdminDocument,
    "\n  mutation UpdateAdmin($id: ID!, $input: UpdateAdminInput!) {\n    updateAdmin(id: $id, input: $input) {\n      id\n      role\n      disabled\n    }\n  }\n": typeof types.UpdateAdminDocument,
    "\n  mutation DeleteAdmin($id: ID!) {\n    deleteAdmin(id: $id) {\n      deletedID\n    }\n  }\n": typeof types.DeleteAdminDocument,
    "\n  query AuditEvents($first: Int, $after: Cursor, $where: AuditEventWhereInput) {\n    auditEvents(first: $first, after: $after, where: $where, orderBy: [{ field: AT, direction: DESC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          at\n          actorKind\n          actorName\n          action\n          targetType\n          targetID\n          summary\n          success\n          ip\n        }\n      }\n    }\n  }\n": typeof types.AuditEventsDocument,
    "\n  query BindCandidates($where: UserWhereInput) {\n    users(first: 20, where: $where, orderBy: [{ field: NAME, direction: ASC }]) {\n      edges {\n        node {\n          id\n          name\n          mobile\n          externalID\n        }\n      }\n    }\n  }\n": typeof types.BindCandidatesDocument,
    "\n  mutation BindUsers($input: BindUsersInput!) {\n    bindUsers(input: $input) {\n      id\n      method\n    }\n  }\n": typeof types.BindUsersDocument,
    "\n  mutation Unbind($id: ID!) {\n    unbind(id: $id) {\n      deletedID\n    }\n  }\n": typeof types.UnbindDocument,
    "\n  query DirectoryDepartments($first: Int, $after: Cursor, $where: DepartmentWhereInput) {\n    departments(first: $first, after: $after, where: $where, orderBy: [{ field: ORDER, direction: ASC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          externalID\n          parentID\n          order\n          removedAt\n          outOfScopeAt\n        }\n      }\n    }\n  }\n": typeof types.DirectoryDepartmentsDocument,
    "\n  query DirectoryUsers($first: Int, $after: Cursor, $where: UserWhereInput) {\n    users(first: $first, after: $after, where: $where, orderBy: [{ field: NAME, direction: ASC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          externalID\n          name\n          mobile\n          email\n          employeeNo\n          title\n          status\n          removedAt\n          outOfScopeAt\n          memberships {\n            id\n            primary\n            department {\n              id\n              name\n            }\n          }\n          oaBindings {\n            id\n            method\n            imUser {\n              id\n              name\n            }\n          }\n          imBindings {\n            id\n            method\n            oaUser {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.DirectoryUsersDocument,
    "\n  query DirectoryMemberships($first: Int, $after: Cursor, $where: MembershipWhereInput) {\n    memberships(first: $first, after: $after, where: $where) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          departmentID\n        }\n      }\n    }\n  }\n": typeof types.DirectoryMembershipsDocument,
    "\n  query CorpPulls($corpID: ID!, $recent: Int!) {\n    live: syncRuns(\n      first: 1\n      where: { corpID: $corpID, kind: im_pull, statusIn: [queued, running] }\n      orderBy: [{ field: CREATED_AT, direction: DESC }]\n    ) {\n      edges {\n        node {\n          ...SyncRunFields\n        }\n      }\n    }\n    recent: syncRuns(\n      first: $recent\n      where: { corpID: $corpID, kind: im_pull }\n      orderBy: [{ field: CREATED_AT, direction: DESC }]\n    ) {\n      totalCount\n      edges {\n        node {\n          ...SyncRunFields\n        }\n      }\n    }\n  }\n": typeof types.CorpPullsDocument,
    "\n  mutation StartPull($corpID: ID!) {\n    pullDirectory(corpID: $corpID) {\n      ...SyncRunFields\n    }\n  }\n": typeof types.StartPullDocument,
    "\n  query Corps($first: Int, $after: Cursor, $where: CorpWhereInput) {\n    corps(first: $first, after: $after, where: $where, orderBy: [{ field: CREATED_AT, direction: ASC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          platform\n          apiBaseURL\n          corpID\n          createdAt\n          apps(first: 0) {\n            totalCount\n          }\n        }\n      }\n    }\n  }\n": typeof types.CorpsDocument,
    "\n  query Corp($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Corp {\n        id\n        name\n        platform\n        apiBaseURL\n        corpID\n        createdAt\n        apps(first: 100, orderBy: [{ field: NAME, direction: ASC }]) {\n          totalCount\n          edges {\n            node {\n              id\n              name\n              appID\n              appSecretSet\n              appSecretHint\n              encryptKeySet\n              encryptKeyHint\n              verificationTokenSet\n              verificationTokenHint\n              homepageMode\n              homepageModule\n              homepageURL\n              updatedAt\n              verifiedAt\n              verification {\n                name\n                ok\n                code\n                message\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.CorpDocument,
    "\n  mutation CreateCorp($input: CreateCorpInput!) {\n    createCorp(input: $input) {\n      id\n    }\n  }\n": typeof types.CreateCorpDocument,
    "\n  mutation UpdateCorp($id: ID!, $input: UpdateCorpInput!) {\n    updateCorp(id: $id, input: $input) {\n      id\n      name\n      apiBaseURL\n      corpID\n    }\n  }\n": typeof types.UpdateCorpDocument,
    "\n  mutation DeleteCorp($id: ID!) {\n    deleteCorp(id: $id) {\n      deletedID\n    }\n  }\n": typeof types.DeleteCorpDocument,
    "\n  mutation CreateApp($input: CreateAppInput!) {\n    createApp(input: $input) {\n      id\n    }\n  }\n": typeof types.CreateAppDocument,
    "\n  mutation UpdateApp($id: ID!, $input: UpdateAppInput!) {\n    updateApp(id: $id, input: $input) {\n      id\n    }\n  }\n": typeof types.UpdateAppDocument,
    "\n  mutation DeleteApp($id: ID!) {\n    deleteApp(id: $id) {\n      deletedID\n    }\n  }\n": typeof types.DeleteAppDocument,
    "\n  query AppSetup($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on App {\n        id\n        verifiedAt\n        verification {\n          name\n          ok\n          code\n          message\n        }\n        setup {\n          eventRequestURL\n          oauthRedirectURL\n          homepageURL\n        }\n      }\n    }\n  }\n": typeof types.AppSetupDocument,
    "\n  mutation VerifyApp($id: ID!) {\n    verifyApp(id: $id) {\n      id\n      verifiedAt\n      verification {\n        name\n        ok\n        code\n        message\n      }\n    }\n  }\n": typeof types.VerifyAppDocument,
    "\n  query CorpSyncProfile($corpID: ID!) {\n    syncProfiles(first: 1, where: { corpID: $corpID }) {\n      edges {\n        node {\n          id\n          mode\n          permission\n          topDepartmentID\n          schedule\n          app {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n": typeof types.CorpSyncProfileDocument,
    "\n  mutation CreateSyncProfile($input: CreateSyncProfileInput!) {\n    createSyncProfile(input: $input) {\n      id\n    }\n  }\n": typeof types.CreateSyncProfileDocument,
    "\n  mutation UpdateSyncProfile($id: ID!, $input: UpdateSyncProfileInput!) {\n    updateSyncProfile(id: $id, input: $input) {\n      id\n    }\n  }\n": typeof types.UpdateSyncProfileDocument,
    "\n  query JobQueues {\n    jobQueues {\n      name\n      pending\n      active\n      scheduled\n      retry\n      archived\n      completed\n      processedToday\n      failedToday\n    }\n  }\n": typeof types.JobQueuesDocument,
    "\n  query ArchivedJobs($queue: String!, $first: Int) {\n    archivedJobs(queue: $queue, first: $first) {\n      id\n      queue\n      type\n      lastError\n      retried\n      lastFailedAt\n    }\n  }\n": typeof types.ArchivedJobsDocument,
    "\n  mutation RetryArchivedJob($queue: String!, $id: String!) {\n    retryArchivedJob(queue: $queue, id: $id) {\n      id\n      queue\n    }\n  }\n": typeof types.RetryArchivedJobDocument,
    "\n  fragment SyncRunFields on SyncRun {\n    id\n    kind\n    status\n    trigger\n    dryRun\n    phase\n    total\n    done\n    error\n    createdAt\n    startedAt\n    finishedAt\n    createdBy\n    counters {\n      created\n      updated\n      moved\n      unchanged\n      removed\n      outOfScope\n      failed\n    }\n    errors {\n      item\n      kind\n      externalID\n      message\n      code\n    }\n    corp {\n      id\n      name\n    }\n  }\n": typeof types.SyncRunFieldsFragmentDoc,
    "\n  query SyncRuns($first: Int, $after: Cursor, $where: SyncRunWhereInput) {\n    syncRuns(first: $first, after: $after, where: $where, orderBy: [{ field: CREATED_AT, direction: DESC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...SyncRunFields\n        }\n      }\n    }\n  }\n": typeof types.SyncRunsDocument,
    "\n  subscription SyncRunProgress($id: ID!) {\n    syncRunProgress(id: $id) {\n      ...SyncRunFields\n    }\n  }\n": typeof types.SyncRunProgressDocument,
    "\n  query Tenants($first: Int, $after: Cursor, $where: TenantWhereInput) {\n    tenants(first: $first, after: $after, where: $where, orderBy: [{ field: NAME, direction: ASC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          slug\n          createdAt\n        }\n      }\n    }\n  }\n": typeof types.TenantsDocument,
    "\n  mutation CreateTenant($input: CreateTenantInput!) {\n    createTenant(input: $input) {\n      id\n      name\n      slug\n    }\n  }\n": typeof types.CreateTenantDocument,
    "\n  mutation UpdateTenant($id: ID!, $input: UpdateTenantInput!) {\n    updateTenant(id: $id, input: $input) {\n      id\n      name\n      slug\n    }\n  }\n": typeof types.UpdateTenantDocument,
    "\n  mutation DeleteTenant($id: ID!) {\n    deleteTenant(id: $id) {\n      deletedID\n    }\n  }\n": typeof types.DeleteTenantDocument,
    "\n  query APITokens($first: Int, $after: Cursor, $where: APITokenWhereInput) {\n    apiTokens(first: $first, after: $after, where: $where, orderBy: [{ field: CREATED_AT, direction: DESC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          prefix\n          scopes\n          expiresAt\n          lastUsedAt\n          createdAt\n        }\n      }\n    }\n  }\n": typeof types.ApiTokensDocument,
    "\n  mutation CreateAPIToken($input: CreateAPITokenInput!) {\n    createAPIToken(input: $input) {\n      secret\n      apiToken {\n        id\n        name\n      }\n    }\n  }\n": typeof types.CreateApiTokenDocument,
    "\n  mutation DeleteAPIToken($id: ID!) {\n    deleteAPIToken(id: $id) {\n      deletedID\n    }\n  }\n": typeof types.DeleteApiTokenDocument,
};
const documents: Documents = {
    "\n  query Viewer {\n    viewer {\n      kind\n      name\n      role\n      permissions\n    }\n  }\n": types.ViewerDocument,
    "\n  query Admins($first: Int, $after: Cursor, $where: AdminWhereInput) {\n    admins(first: $first, after: $after, where: $where, orderBy: [{ field: USERNAME, direction: ASC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          username\n          displayName\n          role\n          disabled\n          lastLoginAt\n          createdAt\n          tenant {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n": types.AdminsDocument,
    "\n  mutation CreateAdmin($input: CreateAdminInput!) {\n    createAdmin(input: $input) {\n      id\n    }\n  }\n": types.CreateAdminDocument,
    "\n  mutation UpdateAdmin($id: ID!, $input: UpdateAdminInput!) {\n    updateAdmin(id: $id, input: $input) {\n      id\n      role\n      disabled\n    }\n  }\n": types.UpdateAdminDocument,
    "\n  mutation DeleteAdmin($id: ID!) {\n    deleteAdmin(id: $id) {\n      deletedID\n    }\n  }\n": types.DeleteAdminDocument,
    "\n  query AuditEvents($first: Int, $after: Cursor, $where: AuditEventWhereInput) {\n    auditEvents(first: $first, after: $after, where: $where, orderBy: [{ field: AT, direction: DESC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          at\n          actorKind\n          actorName\n          action\n          targetType\n          targetID\n          summary\n          success\n          ip\n        }\n      }\n    }\n  }\n": types.AuditEventsDocument,
    "\n  query BindCandidates($where: UserWhereInput) {\n    users(first: 20, where: $where, orderBy: [{ field: NAME, direction: ASC }]) {\n      edges {\n        node {\n          id\n          name\n          mobile\n          externalID\n        }\n      }\n    }\n  }\n": types.BindCandidatesDocument,
    "\n  mutation BindUsers($input: BindUsersInput!) {\n    bindUsers(input: $input) {\n      id\n      method\n    }\n  }\n": types.BindUsersDocument,
    "\n  mutation Unbind($id: ID!) {\n    unbind(id: $id) {\n      deletedID\n    }\n  }\n": types.UnbindDocument,
    "\n  query DirectoryDepartments($first: Int, $after: Cursor, $where: DepartmentWhereInput) {\n    departments(first: $first, after: $after, where: $where, orderBy: [{ field: ORDER, direction: ASC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          externalID\n          parentID\n          order\n          removedAt\n          outOfScopeAt\n        }\n      }\n    }\n  }\n": types.DirectoryDepartmentsDocument,
    "\n  query DirectoryUsers($first: Int, $after: Cursor, $where: UserWhereInput) {\n    users(first: $first, after: $after, where: $where, orderBy: [{ field: NAME, direction: ASC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          externalID\n          name\n          mobile\n          email\n          employeeNo\n          title\n          status\n          removedAt\n          outOfScopeAt\n          memberships {\n            id\n            primary\n            department {\n              id\n              name\n            }\n          }\n          oaBindings {\n            id\n            method\n            imUser {\n              id\n              name\n            }\n          }\n          imBindings {\n            id\n            method\n            oaUser {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n": types.DirectoryUsersDocument,
    "\n  query DirectoryMemberships($first: Int, $after: Cursor, $where: MembershipWhereInput) {\n    memberships(first: $first, after: $after, where: $where) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          departmentID\n        }\n      }\n    }\n  }\n": types.DirectoryMembershipsDocument,
    "\n  query CorpPulls($corpID: ID!, $recent: Int!) {\n    live: syncRuns(\n      first: 1\n      where: { corpID: $corpID, kind: im_pull, statusIn: [queued, running] }\n      orderBy: [{ field: CREATED_AT, direction: DESC }]\n    ) {\n      edges {\n        node {\n          ...SyncRunFields\n        }\n      }\n    }\n    recent: syncRuns(\n      first: $recent\n      where: { corpID: $corpID, kind: im_pull }\n      orderBy: [{ field: CREATED_AT, direction: DESC }]\n    ) {\n      totalCount\n      edges {\n        node {\n          ...SyncRunFields\n        }\n      }\n    }\n  }\n": types.CorpPullsDocument,
    "\n  mutation StartPull($corpID: ID!) {\n    pullDirectory(corpID: $corpID) {\n      ...SyncRunFields\n    }\n  }\n": types.StartPullDocument,
    "\n  query Corps($first: Int, $after: Cursor, $where: CorpWhereInput) {\n    corps(first: $first, after: $after, where: $where, orderBy: [{ field: CREATED_AT, direction: ASC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          platform\n          apiBaseURL\n          corpID\n          createdAt\n          apps(first: 0) {\n            totalCount\n          }\n        }\n      }\n    }\n  }\n": types.CorpsDocument,
    "\n  query Corp($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Corp {\n        id\n        name\n        platform\n        apiBaseURL\n        corpID\n        createdAt\n        apps(first: 100, orderBy: [{ field: NAME, direction: ASC }]) {\n          totalCount\n          edges {\n            node {\n              id\n              name\n              appID\n              appSecretSet\n              appSecretHint\n              encryptKeySet\n              encryptKeyHint\n              verificationTokenSet\n              verificationTokenHint\n              homepageMode\n              homepageModule\n              homepageURL\n              updatedAt\n              verifiedAt\n              verification {\n                name\n                ok\n                code\n                message\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.CorpDocument,
    "\n  mutation CreateCorp($input: CreateCorpInput!) {\n    createCorp(input: $input) {\n      id\n    }\n  }\n": types.CreateCorpDocument,
    "\n  mutation UpdateCorp($id: ID!, $input: UpdateCorpInput!) {\n    updateCorp(id: $id, input: $input) {\n      id\n      name\n      apiBaseURL\n      corpID\n    }\n  }\n": types.UpdateCorpDocument,
    "\n  mutation DeleteCorp($id: ID!) {\n    deleteCorp(id: $id) {\n      deletedID\n    }\n  }\n": types.DeleteCorpDocument,
    "\n  mutation CreateApp($input: CreateAppInput!) {\n    createApp(input: $input) {\n      id\n    }\n  }\n": types.CreateAppDocument,
    "\n  mutation UpdateApp($id: ID!, $input: UpdateAppInput!) {\n    updateApp(id: $id, input: $input) {\n      id\n    }\n  }\n": types.UpdateAppDocument,
    "\n  mutation DeleteApp($id: ID!) {\n    deleteApp(id: $id) {\n      deletedID\n    }\n  }\n": types.DeleteAppDocument,
    "\n  query AppSetup($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on App {\n        id\n        verifiedAt\n        verification {\n          name\n          ok\n          code\n          message\n        }\n        setup {\n          eventRequestURL\n          oauthRedirectURL\n          homepageURL\n        }\n      }\n    }\n  }\n": types.AppSetupDocument,
    "\n  mutation VerifyApp($id: ID!) {\n    verifyApp(id: $id) {\n      id\n      verifiedAt\n      verification {\n        name\n        ok\n        code\n        message\n      }\n    }\n  }\n": types.VerifyAppDocument,
    "\n  query CorpSyncProfile($corpID: ID!) {\n    syncProfiles(first: 1, where: { corpID: $corpID }) {\n      edges {\n        node {\n          id\n          mode\n          permission\n          topDepartmentID\n          schedule\n          app {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n": types.CorpSyncProfileDocument,
    "\n  mutation CreateSyncProfile($input: CreateSyncProfileInput!) {\n    createSyncProfile(input: $input) {\n      id\n    }\n  }\n": types.CreateSyncProfileDocument,
    "\n  mutation UpdateSyncProfile($id: ID!, $input: UpdateSyncProfileInput!) {\n    updateSyncProfile(id: $id, input: $input) {\n      id\n    }\n  }\n": types.UpdateSyncProfileDocument,
    "\n  query JobQueues {\n    jobQueues {\n      name\n      pending\n      active\n      scheduled\n      retry\n      archived\n      completed\n      processedToday\n      failedToday\n    }\n  }\n": types.JobQueuesDocument,
    "\n  query ArchivedJobs($queue: String!, $first: Int) {\n    archivedJobs(queue: $queue, first: $first) {\n      id\n      queue\n      type\n      lastError\n      retried\n      lastFailedAt\n    }\n  }\n": types.ArchivedJobsDocument,
    "\n  mutation RetryArchivedJob($queue: String!, $id: String!) {\n    retryArchivedJob(queue: $queue, id: $id) {\n      id\n      queue\n    }\n  }\n": types.RetryArchivedJobDocument,
    "\n  fragment SyncRunFields on SyncRun {\n    id\n    kind\n    status\n    trigger\n    dryRun\n    phase\n    total\n    done\n    error\n    createdAt\n    startedAt\n    finishedAt\n    createdBy\n    counters {\n      created\n      updated\n      moved\n      unchanged\n      removed\n      outOfScope\n      failed\n    }\n    errors {\n      item\n      kind\n      externalID\n      message\n      code\n    }\n    corp {\n      id\n      name\n    }\n  }\n": types.SyncRunFieldsFragmentDoc,
    "\n  query SyncRuns($first: Int, $after: Cursor, $where: SyncRunWhereInput) {\n    syncRuns(first: $first, after: $after, where: $where, orderBy: [{ field: CREATED_AT, direction: DESC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...SyncRunFields\n        }\n      }\n    }\n  }\n": types.SyncRunsDocument,
    "\n  subscription SyncRunProgress($id: ID!) {\n    syncRunProgress(id: $id) {\n      ...SyncRunFields\n    }\n  }\n": types.SyncRunProgressDocument,
    "\n  query Tenants($first: Int, $after: Cursor, $where: TenantWhereInput) {\n    tenants(first: $first, after: $after, where: $where, orderBy: [{ field: NAME, direction: ASC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          slug\n          createdAt\n        }\n      }\n    }\n  }\n": types.TenantsDocument,
    "\n  mutation CreateTenant($input: CreateTenantInput!) {\n    createTenant(input: $input) {\n      id\n      name\n      slug\n    }\n  }\n": types.CreateTenantDocument,
    "\n  mutation UpdateTenant($id: ID!, $input: UpdateTenantInput!) {\n    updateTenant(id: $id, input: $input) {\n      id\n      name\n      slug\n    }\n  }\n": types.UpdateTenantDocument,
    "\n  mutation DeleteTenant($id: ID!) {\n    deleteTenant(id: $id) {\n      deletedID\n    }\n  }\n": types.DeleteTenantDocument,
    "\n  query APITokens($first: Int, $after: Cursor, $where: APITokenWhereInput) {\n    apiTokens(first: $first, after: $after, where: $where, orderBy: [{ field: CREATED_AT, direction: DESC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          prefix\n          scopes\n          expiresAt\n          lastUsedAt\n          createdAt\n        }\n      }\n    }\n  }\n": types.ApiTokensDocument,
    "\n  mutation CreateAPIToken($input: CreateAPITokenInput!) {\n    createAPIToken(input: $input) {\n      secret\n      apiToken {\n        id\n        name\n      }\n    }\n  }\n": types.CreateApiTokenDocument,
    "\n  mutation DeleteAPIToken($id: ID!) {\n    deleteAPIToken(id: $id) {\n      deletedID\n    }\n  }\n": types.DeleteApiTokenDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    viewer {\n      kind\n      name\n      role\n      permissions\n    }\n  }\n"): (typeof documents)["\n  query Viewer {\n    viewer {\n      kind\n      name\n      role\n      permissions\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Admins($first: Int, $after: Cursor, $where: AdminWhereInput) {\n    admins(first: $first, after: $after, where: $where, orderBy: [{ field: USERNAME, direction: ASC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          username\n          displayName\n          role\n          disabled\n          lastLoginAt\n          createdAt\n          tenant {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Admins($first: Int, $after: Cursor, $where: AdminWhereInput) {\n    admins(first: $first, after: $after, where: $where, orderBy: [{ field: USERNAME, direction: ASC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          username\n          displayName\n          role\n          disabled\n          lastLoginAt\n          createdAt\n          tenant {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateAdmin($input: CreateAdminInput!) {\n    createAdmin(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation CreateAdmin($input: CreateAdminInput!) {\n    createAdmin(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateAdmin($id: ID!, $input: UpdateAdminInput!) {\n    updateAdmin(id: $id, input: $input) {\n      id\n      role\n      disabled\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateAdmin($id: ID!, $input: UpdateAdminInput!) {\n    updateAdmin(id: $id, input: $input) {\n      id\n      role\n      disabled\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteAdmin($id: ID!) {\n    deleteAdmin(id: $id) {\n      deletedID\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteAdmin($id: ID!) {\n    deleteAdmin(id: $id) {\n      deletedID\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditEvents($first: Int, $after: Cursor, $where: AuditEventWhereInput) {\n    auditEvents(first: $first, after: $after, where: $where, orderBy: [{ field: AT, direction: DESC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          at\n          actorKind\n          actorName\n          action\n          targetType\n          targetID\n          summary\n          success\n          ip\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditEvents($first: Int, $after: Cursor, $where: AuditEventWhereInput) {\n    auditEvents(first: $first, after: $after, where: $where, orderBy: [{ field: AT, direction: DESC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          at\n          actorKind\n          actorName\n          action\n          targetType\n          targetID\n          summary\n          success\n          ip\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BindCandidates($where: UserWhereInput) {\n    users(first: 20, where: $where, orderBy: [{ field: NAME, direction: ASC }]) {\n      edges {\n        node {\n          id\n          name\n          mobile\n          externalID\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query BindCandidates($where: UserWhereInput) {\n    users(first: 20, where: $where, orderBy: [{ field: NAME, direction: ASC }]) {\n      edges {\n        node {\n          id\n          name\n          mobile\n          externalID\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BindUsers($input: BindUsersInput!) {\n    bindUsers(input: $input) {\n      id\n      method\n    }\n  }\n"): (typeof documents)["\n  mutation BindUsers($input: BindUsersInput!) {\n    bindUsers(input: $input) {\n      id\n      method\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Unbind($id: ID!) {\n    unbind(id: $id) {\n      deletedID\n    }\n  }\n"): (typeof documents)["\n  mutation Unbind($id: ID!) {\n    unbind(id: $id) {\n      deletedID\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DirectoryDepartments($first: Int, $after: Cursor, $where: DepartmentWhereInput) {\n    departments(first: $first, after: $after, where: $where, orderBy: [{ field: ORDER, direction: ASC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          externalID\n          parentID\n          order\n          removedAt\n          outOfScopeAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DirectoryDepartments($first: Int, $after: Cursor, $where: DepartmentWhereInput) {\n    departments(first: $first, after: $after, where: $where, orderBy: [{ field: ORDER, direction: ASC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          externalID\n          parentID\n          order\n          removedAt\n          outOfScopeAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DirectoryUsers($first: Int, $after: Cursor, $where: UserWhereInput) {\n    users(first: $first, after: $after, where: $where, orderBy: [{ field: NAME, direction: ASC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          externalID\n          name\n          mobile\n          email\n          employeeNo\n          title\n          status\n          removedAt\n          outOfScopeAt\n          memberships {\n            id\n            primary\n            department {\n              id\n              name\n            }\n          }\n          oaBindings {\n            id\n            method\n            imUser {\n              id\n              name\n            }\n          }\n          imBindings {\n            id\n            method\n            oaUser {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DirectoryUsers($first: Int, $after: Cursor, $where: UserWhereInput) {\n    users(first: $first, after: $after, where: $where, orderBy: [{ field: NAME, direction: ASC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          externalID\n          name\n          mobile\n          email\n          employeeNo\n          title\n          status\n          removedAt\n          outOfScopeAt\n          memberships {\n            id\n            primary\n            department {\n              id\n              name\n            }\n          }\n          oaBindings {\n            id\n            method\n            imUser {\n              id\n              name\n            }\n          }\n          imBindings {\n            id\n            method\n            oaUser {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DirectoryMemberships($first: Int, $after: Cursor, $where: MembershipWhereInput) {\n    memberships(first: $first, after: $after, where: $where) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          departmentID\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DirectoryMemberships($first: Int, $after: Cursor, $where: MembershipWhereInput) {\n    memberships(first: $first, after: $after, where: $where) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          departmentID\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CorpPulls($corpID: ID!, $recent: Int!) {\n    live: syncRuns(\n      first: 1\n      where: { corpID: $corpID, kind: im_pull, statusIn: [queued, running] }\n      orderBy: [{ field: CREATED_AT, direction: DESC }]\n    ) {\n      edges {\n        node {\n          ...SyncRunFields\n        }\n      }\n    }\n    recent: syncRuns(\n      first: $recent\n      where: { corpID: $corpID, kind: im_pull }\n      orderBy: [{ field: CREATED_AT, direction: DESC }]\n    ) {\n      totalCount\n      edges {\n        node {\n          ...SyncRunFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CorpPulls($corpID: ID!, $recent: Int!) {\n    live: syncRuns(\n      first: 1\n      where: { corpID: $corpID, kind: im_pull, statusIn: [queued, running] }\n      orderBy: [{ field: CREATED_AT, direction: DESC }]\n    ) {\n      edges {\n        node {\n          ...SyncRunFields\n        }\n      }\n    }\n    recent: syncRuns(\n      first: $recent\n      where: { corpID: $corpID, kind: im_pull }\n      orderBy: [{ field: CREATED_AT, direction: DESC }]\n    ) {\n      totalCount\n      edges {\n        node {\n          ...SyncRunFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartPull($corpID: ID!) {\n    pullDirectory(corpID: $corpID) {\n      ...SyncRunFields\n    }\n  }\n"): (typeof documents)["\n  mutation StartPull($corpID: ID!) {\n    pullDirectory(corpID: $corpID) {\n      ...SyncRunFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Corps($first: Int, $after: Cursor, $where: CorpWhereInput) {\n    corps(first: $first, after: $after, where: $where, orderBy: [{ field: CREATED_AT, direction: ASC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          platform\n          apiBaseURL\n          corpID\n          createdAt\n          apps(first: 0) {\n            totalCount\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Corps($first: Int, $after: Cursor, $where: CorpWhereInput) {\n    corps(first: $first, after: $after, where: $where, orderBy: [{ field: CREATED_AT, direction: ASC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          platform\n          apiBaseURL\n          corpID\n          createdAt\n          apps(first: 0) {\n            totalCount\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Corp($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Corp {\n        id\n        name\n        platform\n        apiBaseURL\n        corpID\n        createdAt\n        apps(first: 100, orderBy: [{ field: NAME, direction: ASC }]) {\n          totalCount\n          edges {\n            node {\n              id\n              name\n              appID\n              appSecretSet\n              appSecretHint\n              encryptKeySet\n              encryptKeyHint\n              verificationTokenSet\n              verificationTokenHint\n              homepageMode\n              homepageModule\n              homepageURL\n              updatedAt\n              verifiedAt\n              verification {\n                name\n                ok\n                code\n                message\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Corp($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Corp {\n        id\n        name\n        platform\n        apiBaseURL\n        corpID\n        createdAt\n        apps(first: 100, orderBy: [{ field: NAME, direction: ASC }]) {\n          totalCount\n          edges {\n            node {\n              id\n              name\n              appID\n              appSecretSet\n              appSecretHint\n              encryptKeySet\n              encryptKeyHint\n              verificationTokenSet\n              verificationTokenHint\n              homepageMode\n              homepageModule\n              homepageURL\n              updatedAt\n              verifiedAt\n              verification {\n                name\n                ok\n                code\n                message\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateCorp($input: CreateCorpInput!) {\n    createCorp(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation CreateCorp($input: CreateCorpInput!) {\n    createCorp(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateCorp($id: ID!, $input: UpdateCorpInput!) {\n    updateCorp(id: $id, input: $input) {\n      id\n      name\n      apiBaseURL\n      corpID\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateCorp($id: ID!, $input: UpdateCorpInput!) {\n    updateCorp(id: $id, input: $input) {\n      id\n      name\n      apiBaseURL\n      corpID\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteCorp($id: ID!) {\n    deleteCorp(id: $id) {\n      deletedID\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteCorp($id: ID!) {\n    deleteCorp(id: $id) {\n      deletedID\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApp($input: CreateAppInput!) {\n    createApp(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation CreateApp($input: CreateAppInput!) {\n    createApp(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateApp($id: ID!, $input: UpdateAppInput!) {\n    updateApp(id: $id, input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateApp($id: ID!, $input: UpdateAppInput!) {\n    updateApp(id: $id, input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteApp($id: ID!) {\n    deleteApp(id: $id) {\n      deletedID\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteApp($id: ID!) {\n    deleteApp(id: $id) {\n      deletedID\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AppSetup($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on App {\n        id\n        verifiedAt\n        verification {\n          name\n          ok\n          code\n          message\n        }\n        setup {\n          eventRequestURL\n          oauthRedirectURL\n          homepageURL\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AppSetup($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on App {\n        id\n        verifiedAt\n        verification {\n          name\n          ok\n          code\n          message\n        }\n        setup {\n          eventRequestURL\n          oauthRedirectURL\n          homepageURL\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation VerifyApp($id: ID!) {\n    verifyApp(id: $id) {\n      id\n      verifiedAt\n      verification {\n        name\n        ok\n        code\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation VerifyApp($id: ID!) {\n    verifyApp(id: $id) {\n      id\n      verifiedAt\n      verification {\n        name\n        ok\n        code\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CorpSyncProfile($corpID: ID!) {\n    syncProfiles(first: 1, where: { corpID: $corpID }) {\n      edges {\n        node {\n          id\n          mode\n          permission\n          topDepartmentID\n          schedule\n          app {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CorpSyncProfile($corpID: ID!) {\n    syncProfiles(first: 1, where: { corpID: $corpID }) {\n      edges {\n        node {\n          id\n          mode\n          permission\n          topDepartmentID\n          schedule\n          app {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateSyncProfile($input: CreateSyncProfileInput!) {\n    createSyncProfile(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation CreateSyncProfile($input: CreateSyncProfileInput!) {\n    createSyncProfile(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateSyncProfile($id: ID!, $input: UpdateSyncProfileInput!) {\n    updateSyncProfile(id: $id, input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateSyncProfile($id: ID!, $input: UpdateSyncProfileInput!) {\n    updateSyncProfile(id: $id, input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobQueues {\n    jobQueues {\n      name\n      pending\n      active\n      scheduled\n      retry\n      archived\n      completed\n      processedToday\n      failedToday\n    }\n  }\n"): (typeof documents)["\n  query JobQueues {\n    jobQueues {\n      name\n      pending\n      active\n      scheduled\n      retry\n      archived\n      completed\n      processedToday\n      failedToday\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ArchivedJobs($queue: String!, $first: Int) {\n    archivedJobs(queue: $queue, first: $first) {\n      id\n      queue\n      type\n      lastError\n      retried\n      lastFailedAt\n    }\n  }\n"): (typeof documents)["\n  query ArchivedJobs($queue: String!, $first: Int) {\n    archivedJobs(queue: $queue, first: $first) {\n      id\n      queue\n      type\n      lastError\n      retried\n      lastFailedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryArchivedJob($queue: String!, $id: String!) {\n    retryArchivedJob(queue: $queue, id: $id) {\n      id\n      queue\n    }\n  }\n"): (typeof documents)["\n  mutation RetryArchivedJob($queue: String!, $id: String!) {\n    retryArchivedJob(queue: $queue, id: $id) {\n      id\n      queue\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SyncRunFields on SyncRun {\n    id\n    kind\n    status\n    trigger\n    dryRun\n    phase\n    total\n    done\n    error\n    createdAt\n    startedAt\n    finishedAt\n    createdBy\n    counters {\n      created\n      updated\n      moved\n      unchanged\n      removed\n      outOfScope\n      failed\n    }\n    errors {\n      item\n      kind\n      externalID\n      message\n      code\n    }\n    corp {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment SyncRunFields on SyncRun {\n    id\n    kind\n    status\n    trigger\n    dryRun\n    phase\n    total\n    done\n    error\n    createdAt\n    startedAt\n    finishedAt\n    createdBy\n    counters {\n      created\n      updated\n      moved\n      unchanged\n      removed\n      outOfScope\n      failed\n    }\n    errors {\n      item\n      kind\n      externalID\n      message\n      code\n    }\n    corp {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SyncRuns($first: Int, $after: Cursor, $where: SyncRunWhereInput) {\n    syncRuns(first: $first, after: $after, where: $where, orderBy: [{ field: CREATED_AT, direction: DESC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...SyncRunFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SyncRuns($first: Int, $after: Cursor, $where: SyncRunWhereInput) {\n    syncRuns(first: $first, after: $after, where: $where, orderBy: [{ field: CREATED_AT, direction: DESC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...SyncRunFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SyncRunProgress($id: ID!) {\n    syncRunProgress(id: $id) {\n      ...SyncRunFields\n    }\n  }\n"): (typeof documents)["\n  subscription SyncRunProgress($id: ID!) {\n    syncRunProgress(id: $id) {\n      ...SyncRunFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Tenants($first: Int, $after: Cursor, $where: TenantWhereInput) {\n    tenants(first: $first, after: $after, where: $where, orderBy: [{ field: NAME, direction: ASC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          slug\n          createdAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Tenants($first: Int, $after: Cursor, $where: TenantWhereInput) {\n    tenants(first: $first, after: $after, where: $where, orderBy: [{ field: NAME, direction: ASC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          slug\n          createdAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTenant($input: CreateTenantInput!) {\n    createTenant(input: $input) {\n      id\n      name\n      slug\n    }\n  }\n"): (typeof documents)["\n  mutation CreateTenant($input: CreateTenantInput!) {\n    createTenant(input: $input) {\n      id\n      name\n      slug\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateTenant($id: ID!, $input: UpdateTenantInput!) {\n    updateTenant(id: $id, input: $input) {\n      id\n      name\n      slug\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateTenant($id: ID!, $input: UpdateTenantInput!) {\n    updateTenant(id: $id, input: $input) {\n      id\n      name\n      slug\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteTenant($id: ID!) {\n    deleteTenant(id: $id) {\n      deletedID\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteTenant($id: ID!) {\n    deleteTenant(id: $id) {\n      deletedID\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query APITokens($first: Int, $after: Cursor, $where: APITokenWhereInput) {\n    apiTokens(first: $first, after: $after, where: $where, orderBy: [{ field: CREATED_AT, direction: DESC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          prefix\n          scopes\n          expiresAt\n          lastUsedAt\n          createdAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query APITokens($first: Int, $after: Cursor, $where: APITokenWhereInput) {\n    apiTokens(first: $first, after: $after, where: $where, orderBy: [{ field: CREATED_AT, direction: DESC }]) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          prefix\n          scopes\n          expiresAt\n          lastUsedAt\n          createdAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateAPIToken($input: CreateAPITokenInput!) {\n    createAPIToken(input: $input) {\n      secret\n      apiToken {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateAPIToken($input: CreateAPITokenInput!) {\n    createAPIToken(input: $input) {\n      secret\n      apiToken {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteAPIToken($id: ID!) {\n    deleteAPIToken(id: $id) {\n      deletedID\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteAPIToken($id: ID!) {\n    deleteAPIToken(id: $id) {\n      deletedID\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;