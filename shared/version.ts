/**
 * The application's version, recorded with every evidence file a case imports (`evidence.app_version`)
 * so a case says which Delegation Lens produced each of its rows. Kept equal to package.json's
 * `version` (test/unit/verify.test.ts checks it); a constant because the packaged app, the CLI and
 * the tests do not all find package.json at the same place.
 */
export const APP_VERSION = '0.1.0';
