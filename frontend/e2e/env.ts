// Constants shared by playwright.config.ts and the specs.
export const ADMIN_USER = 'admin';
export const ADMIN_PASSWORD = 'e2e-Admin-pass-1';
