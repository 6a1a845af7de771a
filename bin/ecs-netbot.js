#!/usr/bin/env node
// The CLI runs the compiled code (built by `npm ci` through the prepare script).
import '../dist/src/cli/main.js';
