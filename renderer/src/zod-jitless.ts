// Imported first by main.tsx, before any schema exists: zod would otherwise probe `new Function('')` to
// decide whether to compile validators, and under the page's CSP (no 'unsafe-eval') that probe is refused
// and reported as a security-policy violation on every load. The renderer's few checks need no compiler.
import { config } from 'zod';

config({ jitless: true });
