// Filled by the nexus service construct.
export {};
