import { graphql } from '../../gql';

export const BindingExportQuery = graphql(`
  query BindingExport($corpID: ID!, $matchField: BindingMatchField!, $format: BindingFileFormat!) {
    bindingExport(corpID: $corpID, matchField: $matchField, format: $format) {
      fileName
      contentType
      contentBase64
      rows
    }
  }
`);

export const BindingCountQuery = graphql(`
  query BindingCount($corpID: ID!) {
    bindingCount(corpID: $corpID)
  }
`);

export const ImportBindingsMutation = graphql(`
  mutation ImportBindings($input: ImportBindingsInput!) {
    importBindings(input: $input) {
      dryRun
      counts {
        bound
        alreadyBound
        notFound
        ambiguous
        conflict
        invalid
        skipped
      }
      rows {
        row
        imUserKey
        imUserName
        value
        outcome
        reasonCode
        reason
        earlierRow
        holder {
          key
          name
        }
        candidates {
          key
          name
        }
        oaUserKey
        oaUserName
      }
    }
  }
`);

export const UnbindAllMutation = graphql(`
  mutation UnbindAll($input: UnbindAllInput!) {
    unbindAll(input: $input) {
      count
    }
  }
`);

// The binding history: the audit log's binding.bind / binding.unbind events.
export const BindingHistoryQuery = graphql(`
  query BindingHistory($first: Int, $after: Cursor, $where: AuditEventWhereInput) {
    auditEvents(first: $first, after: $after, where: $where, orderBy: [{ field: AT, direction: DESC }]) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          at
          actorName
          action
          summary
        }
      }
    }
  }
`);
