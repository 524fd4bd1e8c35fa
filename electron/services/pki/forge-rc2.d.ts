// Types for the two node-forge submodules CertDesk loads (RC2 for legacy PKCS#12): loading only these
// instead of all of node-forge keeps ~50 ms off every CLI start.
declare module 'node-forge/lib/rc2' {
  import type forge from 'node-forge';
  const rc2: typeof forge.rc2;
  export = rc2;
}

declare module 'node-forge/lib/util' {
  import type forge from 'node-forge';
  const util: typeof forge.util;
  export = util;
}
