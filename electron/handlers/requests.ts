// Handlers of issue [3]: filled in with shared/contract/requests.ts.
export const requestHandlers = {};
