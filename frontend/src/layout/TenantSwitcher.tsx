import { useTenant } from '../tenant/TenantProvider';

/** Placeholder until the tenants query exists in the schema. */
export function TenantSwitcher() {
  const { canSwitch } = useTenant();
  if (!canSwitch) return null;
  return null;
}
