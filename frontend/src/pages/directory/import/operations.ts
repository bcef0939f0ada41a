import { graphql } from '../../../gql';

export const DirectoryFileTemplateQuery = graphql(`
  query DirectoryFileTemplate($format: DirectoryFileFormat!) {
    directoryFileTemplate(format: $format) {
      fileName
      contentType
      content
    }
  }
`);

export const DirectoryFilePreviewQuery = graphql(`
  query DirectoryFilePreview($input: DirectoryFileInput!) {
    directoryFilePreview(input: $input) {
      sheets
      departmentCount
      userCount
      runsAsJob
      departments {
        sheet
        row
        externalID
        name
        parentExternalID
      }
      users {
        sheet
        row
        externalID
        name
        mobile
        email
        title
        departments
        status
        gender
        attributes {
          name
          value
        }
      }
      problems {
        sheet
        row
        column
        field
        message
      }
      problemCount
      ignoredColumns {
        sheet
        column
        header
      }
    }
  }
`);

export const ImportDirectoryFileMutation = graphql(`
  mutation ImportDirectoryFile($input: DirectoryFileInput!) {
    importDirectoryFile(input: $input) {
      run {
        ...SyncRunFields
      }
    }
  }
`);
