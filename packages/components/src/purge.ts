// The sign-out purge, in its own chunk (loaded on first use): see docs/security.md.
export { purgeLocalData } from '@coord/api-client';
