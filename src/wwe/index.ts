// Filled by the wwe service construct.
export {};
