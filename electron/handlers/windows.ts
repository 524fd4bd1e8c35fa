// Handlers of issue [4]: filled in with shared/contract/windows.ts.
export const windowsHandlers = {};
