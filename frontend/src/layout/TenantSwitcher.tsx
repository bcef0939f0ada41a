import { useEffect, useMemo } from 'react';
import { useQuery } from 'urql';
import { Select } from 'antd';
import { useTenant } from '../tenant/TenantProvider';
import { useT } from '../i18n/I18nProvider';
import { TenantsQuery } from '../pages/tenants/operations';
import { nodes } from '../api/cursorPages';

/** Header dropdown through which a super admin chooses the tenant to work in. */
export function TenantSwitcher() {
  const { canSwitch, tenantId, setTenantId } = useTenant();
  const t = useT();
  const [res] = useQuery({
    query: TenantsQuery,
    variables: { first: 200 },
    pause: !canSwitch,
    // An empty list has no __typename to invalidate on; name it explicitly so
    // createTenant refreshes the dropdown.
    context: useMemo(() => ({ additionalTypenames: ['Tenant'] }), []),
  });
  const tenants = nodes(res.data?.tenants);
  // A remembered tenant that no longer exists (deleted, or another server)
  // would make every request fail; forget it once the list proves it gone.
  const stale = !!res.data && !res.stale && !!tenantId && !tenants.some((tn) => tn.id === tenantId);
  useEffect(() => {
    if (stale && tenants.length < 200) setTenantId(null);
  }, [stale, tenants.length, setTenantId]);
  if (!canSwitch) return null;
  return (
    <Select
      data-testid="tenant-switcher"
      className="imbridge-tenant-switcher"
      style={{ minWidth: 180 }}
      popupMatchSelectWidth={false}
      placeholder={t('tenant.select')}
      loading={res.fetching}
      allowClear
      showSearch
      optionFilterProp="label"
      value={tenantId ?? undefined}
      onChange={(v?: string) => setTenantId(v ?? null)}
      options={tenants.map((tn) => ({ value: tn.id, label: `${tn.name} (${tn.slug})` }))}
    />
  );
}
