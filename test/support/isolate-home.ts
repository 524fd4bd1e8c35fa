// Every test file gets its own throw-away data folder unless it sets CERTDESK_HOME itself: no test may
// write to the real per-user CertDesk folder of the machine it runs on.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.CERTDESK_HOME = mkdtempSync(join(tmpdir(), 'certdesk-home-'));
