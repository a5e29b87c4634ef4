// The AWS SDK warns about Node 20 on every client; we pin Node 20 deliberately (see README).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{shared,api,sync-server,client,service-worker,infra,tests}/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    // One embedded stack (DynamoDB Local, s3rver, SMTP catcher) for the whole run; each test file
    // makes its own table and buckets, so files run in parallel without seeing each other's data.
    globalSetup: ['tests/support/globalSetup.ts'],
    setupFiles: ['tests/support/patientWaits.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', LOG_LEVEL: 'silent' },
  },
});
