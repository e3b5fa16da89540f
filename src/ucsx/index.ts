// Filled by the ucsx service construct.
export {};
