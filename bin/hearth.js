#!/usr/bin/env node
// The package's bin: hand over to the TypeScript CLI, which Node 24 runs directly (type stripping).
import '../src/cli.ts';
