import { useQuery } from 'urql';
import { Spin } from 'antd';
import { SyncRunPlanQuery } from './engineOperations';
import { PlanView } from './PlanView';
import { RunActions } from './RunActions';
import { RunErrors, hasErrors } from './RunErrors';
import type { SyncRunFieldsFragment } from '../../gql/graphql';

/** A sync run's plan with per-change results and its actions (undo…), loaded when a history row opens. */
export function RunDetails(props: { run: SyncRunFieldsFragment; onChanged: () => void; platform?: string }) {
  const [res, refetch] = useQuery({ query: SyncRunPlanQuery, variables: { id: props.run.id }, requestPolicy: 'network-only' });
  const node = res.data?.node;
  if (!node || node.__typename !== 'SyncRun') return <Spin />;
  const changed = () => {
    refetch({ requestPolicy: 'network-only' });
    props.onChanged();
  };
  return (
    <>
      {hasErrors(props.run) && <RunErrors run={props.run} platform={props.platform} />}
      <PlanView run={node} platform={props.platform} actions={<RunActions run={node} onChanged={changed} />} />
    </>
  );
}
