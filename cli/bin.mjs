#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader, so `odoo-load` needs no separate compile step.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
