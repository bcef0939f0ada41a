import type { ReactNode } from 'react';
import { List, Typography } from 'antd';
import { FEATURE_SCOPES } from './scopes';
import { useT, type MessageKey } from '../../i18n/I18nProvider';

interface Step {
  title: MessageKey;
  help: MessageKey;
  /** The value to paste, when the step has one. */
  value?: string;
  /** A note from the server shown instead of the help text. */
  note?: string;
  /** More to show under the help (the permissions to enable). */
  extra?: ReactNode;
  testId: string;
}

/**
 * Seed 001 steps 10–16 as a checklist: where each value goes on the Feishu
 * developer console, with the exact value (built by the server from its
 * public URL) and a copy button.
 */
export function SetupChecklist(props: {
  setup: {
    eventRequestURL: string;
    oauthRedirectURL: string;
    homepageURL: string;
    /** Feishu only: the approval center's action callback (registered by the bridge). */
    approvalCallbackURL?: string | null;
    /** WeCom only: 可信域名 and the 企业可信IP note. */
    trustedDomain?: string | null;
    ipAllowListNote?: string | null;
  };
}) {
  const t = useT();
  // WeCom's admin console asks for other steps than Feishu's developer console.
  const wecom = !!props.setup.trustedDomain;
  const steps: Step[] = wecom
    ? [
        { title: 'setup.event', help: 'setup.wecom.eventHelp', value: props.setup.eventRequestURL, testId: 'setup-event-url' },
        { title: 'setup.wecom.trustedDomain', help: 'setup.wecom.trustedDomainHelp', value: props.setup.trustedDomain ?? undefined, testId: 'setup-trusted-domain' },
        // The server's note, in English with WeCom's console labels.
        { title: 'setup.wecom.ipAllowList', help: 'setup.wecom.ipAllowList', note: props.setup.ipAllowListNote ?? undefined, testId: 'setup-ip-allow-list' },
        { title: 'setup.homepage', help: 'setup.wecom.homepageHelp', value: props.setup.homepageURL, testId: 'setup-homepage-url' },
      ]
    : [
        { title: 'setup.event', help: 'setup.eventHelp', value: props.setup.eventRequestURL, testId: 'setup-event-url' },
        { title: 'setup.events', help: 'setup.eventsHelp', testId: 'setup-events' },
        { title: 'setup.homepage', help: 'setup.homepageHelp', value: props.setup.homepageURL, testId: 'setup-homepage-url' },
        { title: 'setup.redirect', help: 'setup.redirectHelp', value: props.setup.oauthRedirectURL, testId: 'setup-redirect-url' },
        { title: 'setup.approval', help: 'setup.approvalHelp', value: props.setup.approvalCallbackURL ?? undefined, testId: 'setup-approval-url' },
        { title: 'scopes.title', help: 'scopes.help', extra: <ScopeList />, testId: 'setup-scopes' },
        { title: 'scopes.range', help: 'scopes.rangeHelp', testId: 'setup-contact-range' },
        { title: 'setup.publish', help: 'setup.publishHelp', testId: 'setup-publish' },
      ];
  return (
    <List
      size="small"
      header={
        <div>
          <Typography.Text strong>{t(wecom ? 'setup.wecom.checklist' : 'setup.checklist')}</Typography.Text>
          <br />
          <Typography.Text type="secondary">{t(wecom ? 'setup.wecom.checklistHelp' : 'setup.checklistHelp')}</Typography.Text>
        </div>
      }
      dataSource={steps}
      renderItem={(s, i) => (
        <List.Item data-testid={s.testId}>
          <List.Item.Meta
            avatar={<Typography.Text type="secondary">{i + 1}.</Typography.Text>}
            title={t(s.title)}
            description={
              <>
                <div>{s.note ?? t(s.help)}</div>
                {s.extra}
                {s.value && (
                  <Typography.Text code copyable={{ text: s.value }}>
                    {s.value}
                  </Typography.Text>
                )}
              </>
            }
          />
        </List.Item>
      )}
    />
  );
}

/** The permissions to enable, by feature, each with its exact scope name to copy. */
function ScopeList() {
  const t = useT();
  return (
    <div style={{ marginTop: 4 }}>
      {FEATURE_SCOPES.map((f) => (
        <div key={f.feature} style={{ marginBottom: 6 }}>
          <Typography.Text strong>{t(f.feature)}</Typography.Text>
          <ul style={{ margin: '2px 0 0', paddingInlineStart: 20 }}>
            {f.scopes.map((s) => (
              <li key={s.scope} data-testid={`scope-${s.scope}`}>
                {s.label}{' '}
                <Typography.Text code copyable={{ text: s.scope }} style={{ wordBreak: 'break-all' }}>
                  {s.scope}
                </Typography.Text>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
