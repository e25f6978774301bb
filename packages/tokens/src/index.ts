export {
  LaunchTokenError,
  TOKEN_ERROR_CODES,
  tokenErrorMessage,
  type TokenErrorCode,
} from './errors.js';
export {
  isLoopbackHost,
  normalizeOrigin,
  type NormalizeOriginOptions,
  type OriginErrorCode,
  type OriginResult,
} from './origin.js';
export { createMemoryReplayGuard, type ReplayGuard } from './replay-guard.js';
export { createSessionToken, hashSessionToken, type SessionToken } from './session-token.js';
export { LAUNCH_TOKEN_TYPE } from './token-parts.js';
export { createLaunchVerifier, SUPPORTED_ALGORITHMS } from './verifier.js';
export type {
  IssuerConfig,
  JsonWebKeySet,
  LaunchClaims,
  LaunchVerifier,
  LaunchVerifierOptions,
  VerifyContext,
  VerifyFailure,
  VerifyResult,
} from './types.js';
