// Operations of issue [3] (certificate requests, vault, PFX export).
export const requestOperations = {};
