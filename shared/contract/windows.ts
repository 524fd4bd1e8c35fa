// Operations of issue [4] (Windows store import, service discovery, private-key ACLs).
export const windowsOperations = {};
