// A real PFX for the store.import tests: the engine reads it (the placement plan) before any script runs, so a
// few bytes of fake base64 no longer get that far. Made once per test file with openssl.
import { Pki } from '../../support/openssl';

export interface TestPfx {
  base64: string;
  password: string;
  /** SHA-256 of leaf, intermediate, root (uppercase hex). */
  sha256: { leaf: string; inter: string; root: string };
  cleanup: () => void;
}

export function makeTestPfx(password: string, variant: 'aes' | 'legacy' = 'aes'): TestPfx {
  const pki = new Pki();
  const root = pki.root('fixture-root', { subject: '/O=CertDesk Test/CN=Fixture Root' });
  const inter = pki.issue('fixture-inter', root, { subject: '/O=CertDesk Test/CN=Fixture CA', profile: 'intermediate' });
  const leaf = pki.issue('fixture-leaf', inter, { subject: '/CN=prov.fixture.example.com' });
  const base64 = pki.read(pki.pfx('fixture', leaf, [inter, root], { password, variant })).toString('base64');
  const sha256 = { leaf: pki.facts(leaf.cert).sha256, inter: pki.facts(inter.cert).sha256, root: pki.facts(root.cert).sha256 };
  return { base64, password, sha256, cleanup: () => pki.cleanup() };
}
