// Filled by the gws service construct.
export {};
