#!/usr/bin/env node
// The `gongkai` command: runs src/cli/index.ts through tsx (no build step; see docs/decisions/0001).
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/index.ts');
